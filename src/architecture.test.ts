/**
 * House rules of DESIGN.md, checked on the source tree:
 * - imports only go down the layers core → labs → techniques → widgets → pages;
 * - Math.random and tf.random* are banned (all randomness comes from core/rng.ts);
 * - no model.fit (it shuffles with Math.random).
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

const SRC = resolve(__dirname);
const LAYERS = ['core', 'labs', 'techniques', 'widgets'] as const;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|astro)$/.test(f) ? [p] : [];
  });
}

function layerOf(path: string): number {
  const top = relative(SRC, path).split('/')[0];
  const i = LAYERS.indexOf(top as (typeof LAYERS)[number]);
  return i === -1 ? LAYERS.length : i; // pages, layouts, components, site: the top layer
}

/** Import specifiers of a file (static, dynamic and `new URL(..., import.meta.url)` workers). */
export function importsOf(code: string): string[] {
  const out: string[] = [];
  const re = /(?:from\s+|import\s*\(\s*|import\s+|new URL\(\s*)['"]([^'"]+)['"]/g;
  for (const m of code.matchAll(re)) out.push(m[1]);
  return out;
}

describe('layer rule', () => {
  it('parses import specifiers', () => {
    expect(importsOf(`import a from '../x';\nimport type { B } from "./y";\nconst m = import('../../z');`)).toEqual(['../x', './y', '../../z']);
  });

  it('no module imports from a higher layer', () => {
    const violations: string[] = [];
    for (const f of files(SRC)) {
      const own = layerOf(f);
      if (own === LAYERS.length) continue;
      for (const spec of importsOf(readFileSync(f, 'utf8'))) {
        let target: string | null = null;
        if (spec.startsWith('~/')) target = join(SRC, spec.slice(2));
        else if (spec.startsWith('.')) target = resolve(dirname(f), spec);
        if (!target || !target.startsWith(SRC)) continue;
        if (layerOf(target) > own) violations.push(`${relative(SRC, f)} imports ${spec}`);
      }
    }
    expect(violations).toEqual([]);
  });
});

describe('randomness and training rules', () => {
  it('no Math.random, tf.random* or model.fit outside tests', () => {
    const hits: string[] = [];
    for (const f of files(SRC)) {
      if (f.endsWith('.test.ts')) continue;
      const code = readFileSync(f, 'utf8');
      if (/Math\.random\s*\(/.test(code)) hits.push(`${relative(SRC, f)}: Math.random`);
      if (/\btf\.random[A-Z]\w*\s*\(|\brandom(Normal|Uniform)\s*\(/.test(code)) hits.push(`${relative(SRC, f)}: tf.random*`);
      if (/\.fit\s*\(/.test(code)) hits.push(`${relative(SRC, f)}: model.fit`);
    }
    expect(hits).toEqual([]);
  });
});
