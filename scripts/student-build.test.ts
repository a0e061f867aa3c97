/**
 * A student build (SOFTLAB_STUDENT=1) leaves exercise solutions out of the generated HTML
 * entirely: build into a scratch directory and grep every page for the solutions' text.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? htmlFiles(p) : f.endsWith('.html') ? [p] : [];
  });
}

/** A distinctive run of plain words (no maths, quotes or markup) from each solution slot of each lesson. */
function solutionSnippets(): string[] {
  const out: string[] = [];
  for (const f of readdirSync(join(ROOT, 'content/lessons')).filter((x) => x.endsWith('.mdx'))) {
    const src = readFileSync(join(ROOT, 'content/lessons', f), 'utf8');
    for (const m of src.matchAll(/<Fragment slot="solution">([\s\S]*?)<\/Fragment>/g)) {
      const runs = m[1].replace(/\$[^$]*\$/g, '|').match(/(?:[A-Za-z]+ ){5,}[A-Za-z]+/g) ?? [];
      const best = runs.sort((a, b) => b.length - a.length)[0];
      if (best) out.push(best.slice(0, 60).replace(/ \S*$/, ''));
    }
  }
  return out;
}

describe('student build', () => {
  it('contains no solution text and no solution block, but keeps exercises and hints', { timeout: 240_000 }, () => {
    const snippets = solutionSnippets();
    expect(snippets.length).toBeGreaterThanOrEqual(9);
    const out = mkdtempSync(join(tmpdir(), 'softlab-student-'));
    try {
      const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build'], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, SOFTLAB_STUDENT: '1', OUT_DIR: out },
      });
      expect(r.status, r.stderr).toBe(0);
      const pages = htmlFiles(out).map((f) => readFileSync(f, 'utf8'));
      const all = pages.join('\n');
      expect(all).toContain('sl-exercise');
      expect(all).toContain('sl-hint');
      expect(all).not.toContain('sl-solution');
      for (const s of snippets) expect(all, s).not.toContain(s);
      // The same sentences are in a normal build (so the grep can fail). The snippets are runs of
      // plain words on one source line, which MDX renders verbatim; checked when a normal build
      // exists (the unit stage of scripts/test.sh runs before the build).
      const dist = join(ROOT, 'dist');
      const normal = existsSync(dist) ? htmlFiles(dist).map((f) => readFileSync(f, 'utf8')).join('\n') : '';
      if (normal.includes('sl-solution')) for (const s of snippets) expect(normal, s).toContain(s);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
