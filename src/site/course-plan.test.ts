import { describe, expect, it } from 'vitest';
import { countItems, courseGraph, courseProblems, type PlanLesson } from './course-plan';
import { courseSchema } from '../lesson-schema';

const L = (slug: string, prerequisites: string[] = []): [string, PlanLesson] => [slug, { slug, title: slug.toUpperCase(), minutes: 10, prerequisites }];

describe('course schema and plan', () => {
  it('accepts a scheduled course and rejects bad weeks and duplicates, naming the field', () => {
    const ok = { title: 'Term', audience: 'students', goals: ['g'], weeks: 12, lessons: [{ slug: 'a', week: 1 }, { slug: 'b', week: 3 }] };
    expect(courseSchema.safeParse(ok).success).toBe(true);
    const cases: [unknown, string][] = [
      [{ ...ok, lessons: [{ slug: 'a', week: 13 }] }, 'lessons.0.week'],
      [{ ...ok, lessons: [{ slug: 'a', week: 3 }, { slug: 'b', week: 2 }] }, 'lessons.1.week'],
      [{ ...ok, lessons: [{ slug: 'a' }, { slug: 'a' }] }, 'lessons.1.slug'],
      [{ ...ok, weeks: undefined }, 'lessons.0.week'],
      [{ ...ok, lessons: [] }, 'lessons'],
      [{ ...ok, lessons: [{ slug: 'Not A Slug' }] }, 'lessons.0.slug'],
    ];
    for (const [data, path] of cases) {
      const r = courseSchema.safeParse(data);
      expect(r.success, path).toBe(false);
      expect(r.error!.issues.map((i) => i.path.join('.'))).toContain(path);
    }
  });

  it('reports unwritten lessons and prerequisites taught too late', () => {
    const lessons = new Map([L('a'), L('b', ['a'])]);
    expect(courseProblems('c', ['a', 'b'], lessons)).toEqual([]);
    const p = courseProblems('c', ['b', 'a', 'zzz'], lessons);
    expect(p.map((x) => x.path)).toEqual(['lessons.0.slug', 'lessons.2.slug']);
    expect(p[1].message).toContain('content/courses/c.yaml');
    expect(p[1].message).toContain('zzz');
  });

  it('lays out prerequisites left to right with outside prerequisites marked', () => {
    const lessons = new Map([L('a', ['x']), L('b', ['a']), L('c')]);
    const g = courseGraph(['a', 'b', 'c'], lessons, (s) => s.toUpperCase());
    const at = Object.fromEntries(g.nodes.map((n) => [n.slug, n]));
    expect(at.x.outside).toBe(true);
    expect(at.a.x).toBeGreaterThan(at.x.x);
    expect(at.b.x).toBeGreaterThan(at.a.x);
    expect(at.c.x).toBe(at.x.x);
    expect(g.edges.map((e) => `${e.from}>${e.to}`)).toEqual(['x>a', 'a>b']);
    expect(g.description).toEqual(['A builds on X (not in this course).', 'B builds on A.', 'C needs no other lesson first.']);
  });

  it('counts questions and exercises in MDX', () => {
    expect(countItems('<Exercise title="x">\n\n<Predict id="q" />\n  <Exercise title="y">\n`<Exercise>` inline')).toEqual({ questions: 1, exercises: 2 });
  });
});
