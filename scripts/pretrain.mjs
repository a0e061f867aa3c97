#!/usr/bin/env node
/**
 * `npm run pretrain [-- --steps N --out DIR --manifest-only]`: pretrains the tiny LM (corpus spec
 * v1) and writes public/labs/tiny-lm/v1/{weights.bin, manifest.json}.
 *
 * How TypeScript runs here: the lab code is TypeScript with extension-less imports, which
 * `node --experimental-strip-types` cannot resolve, and tfjs-core's deep gradient import is not
 * valid Node ESM. So this wrapper bundles scripts/pretrain-main.ts with esbuild (already installed
 * for Vite) into node_modules/.cache/ and runs it with tfjs-wasm pointed at node_modules. No new packages.
 */
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'node_modules', '.cache', 'softlab-pretrain', 'pretrain-main.mjs');
mkdirSync(dirname(out), { recursive: true });
await build({
  entryPoints: [join(root, 'scripts', 'pretrain-main.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: out,
  logLevel: 'error',
  // tfjs packages list themselves as side-effect free, but their backends register on import.
  ignoreAnnotations: true,
  banner: {
    js: "import { createRequire as __cr } from 'module'; import { fileURLToPath as __f } from 'url'; import { dirname as __d } from 'path'; const require = __cr(import.meta.url); const __filename = __f(import.meta.url); const __dirname = __d(__filename);",
  },
});
process.env.SOFTLAB_ROOT = root;
await import(pathToFileURL(out).href);
