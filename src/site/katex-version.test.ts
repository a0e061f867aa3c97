import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';

// The page loads KaTeX's CSS from the top-level `katex` package while rehype-katex renders with the
// `katex` it resolves; if the two differ, sub- and superscripts are misplaced on every page.
describe('KaTeX versions', () => {
  it('the CSS we ship matches the renderer rehype-katex uses', () => {
    const fromRoot = createRequire(import.meta.url)('katex/package.json').version;
    const fromRehype = createRequire(createRequire(import.meta.url).resolve('rehype-katex')).resolve('katex/package.json');
    expect(createRequire(import.meta.url)(fromRehype).version).toBe(fromRoot);
  });
});
