/**
 * A course that lists a lesson which is not written fails the build (astro sync, the content
 * step of astro build) naming the course file, the field and the slug.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');

describe('course with an unknown lesson', () => {
  it('fails astro sync naming the file, field and slug', () => {
    const dir = mkdtempSync(join(tmpdir(), 'softlab-course-'));
    try {
      for (const f of ['src', 'astro.config.mjs', 'tsconfig.json', 'package.json', 'scripts/copy-wasm.mjs', 'content/papers.tsv', 'content/lessons'])
        cpSync(join(ROOT, f), join(dir, f), { recursive: true });
      symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
      mkdirSync(join(dir, 'content/courses'), { recursive: true });
      writeFileSync(join(dir, 'content/courses/broken-course.yaml'), 'title: Broken\naudience: anyone\ngoals: [g]\nlessons:\n  - slug: sgdr\n  - slug: not-written-yet\n');
      const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'sync'], { cwd: dir, encoding: 'utf8' });
      const out = `${r.stdout}\n${r.stderr}`;
      expect(r.status).not.toBe(0);
      expect(out).toContain('broken-course');
      expect(out).toContain('not-written-yet');
      expect(out).toMatch(/lessons\.1\.slug/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
