/**
 * A lesson with invalid frontmatter must fail the build with a message naming the file and the
 * field. Runs `astro sync` (the content-validation step of `astro build`) on a scratch copy of the
 * project that holds one bad lesson.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');

describe('invalid lesson frontmatter', () => {
  it('fails astro sync naming the file and field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'softlab-schema-'));
    try {
      for (const f of ['src', 'astro.config.mjs', 'tsconfig.json', 'package.json', 'scripts/copy-wasm.mjs', 'content/papers.tsv'])
        cpSync(join(ROOT, f), join(dir, f), { recursive: true });
      symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
      mkdirSync(join(dir, 'content/lessons'), { recursive: true });
      writeFileSync(
        join(dir, 'content/lessons/broken-lesson.mdx'),
        `---\ntitle: Broken\npaper: { title: 'A paper', authors: ['X'], venue: 'ICLR', year: 2017, arxiv: '1608.03983' }\n` +
          `track: resets-restarts\norder: 1\nsummary: A summary long enough to pass.\nclaim: A claim long enough to pass.\nminutes: -5\n---\n\nText.\n`,
      );
      const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'sync'], { cwd: dir, encoding: 'utf8' });
      const out = `${r.stdout}\n${r.stderr}`;
      expect(r.status).not.toBe(0);
      expect(out).toContain('broken-lesson');
      expect(out).toMatch(/minutes/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
