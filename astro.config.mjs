// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import { unified } from '@astrojs/markdown-remark';
import { rehypeScrollableMath } from './src/site/rehype-scrollable-math.mjs';
import { copyWasm } from './scripts/copy-wasm.mjs';

// Publish under a sub-path with BASE_PATH=/softlab (GitHub Pages style); SITE_URL sets absolute
// URLs in the sitemap and citations.
const base = process.env.BASE_PATH || '/';
const site = process.env.SITE_URL || 'https://softlab.example.org';

export default defineConfig({
  site,
  base,
  outDir: process.env.OUT_DIR || './dist',
  output: 'static',
  trailingSlash: 'ignore',
  integrations: [
    mdx(),
    sitemap({ filter: (page) => !page.includes('/kit/') }),
    {
      // tfjs-wasm binaries are copied from node_modules into the build, never committed.
      name: 'softlab-tfjs-wasm',
      hooks: {
        'astro:config:setup': () => copyWasm('public/tfjs'),
      },
    },
  ],
  markdown: {
    // Maths is rendered to HTML at build time: lessons ship no JavaScript for their text and maths.
    processor: unified({
      remarkPlugins: [remarkMath],
      rehypePlugins: [[rehypeKatex, { strict: 'error', output: 'htmlAndMathml' }], rehypeScrollableMath],
    }),
  },
  vite: {
    worker: { format: 'es' },
    build: { chunkSizeWarningLimit: 1200 },
  },
});
