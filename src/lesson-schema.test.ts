import { describe, expect, it } from 'vitest';
import { lessonSchema, courseSchema } from './lesson-schema';

const good = {
  title: 'A lesson',
  paper: { title: 'A paper', authors: ['A. Author'], venue: 'ICLR', year: 2017, arxiv: '1608.03983', code: 'https://example.org/code' },
  track: 'resets-restarts',
  order: 1,
  summary: 'A summary that is long enough.',
  claim: 'A claim that is long enough.',
  minutes: 20,
};

describe('lesson frontmatter schema', () => {
  it('accepts a valid lesson and fills defaults', () => {
    const r = lessonSchema.parse(good);
    expect(r.prerequisites).toEqual([]);
    expect(r.tags).toEqual([]);
  });

  it('names the failing field', () => {
    const cases: [unknown, string][] = [
      [{ ...good, track: 'nope' }, 'track'],
      [{ ...good, paper: { ...good.paper, arxiv: 'abc' } }, 'paper.arxiv'],
      [{ ...good, minutes: 0 }, 'minutes'],
      [{ ...good, prerequisites: ['Bad Slug'] }, 'prerequisites.0'],
    ];
    for (const [data, path] of cases) {
      const r = lessonSchema.safeParse(data);
      expect(r.success).toBe(false);
      expect(r.error!.issues.map((i) => i.path.join('.'))).toContain(path);
    }
  });

  it('validates courses', () => {
    expect(courseSchema.safeParse({ title: 'Course', audience: 'students', goals: ['g'], lessons: [{ slug: 'sgdr' }] }).success).toBe(true);
    expect(courseSchema.safeParse({ title: 'Course', audience: 'students', goals: [], lessons: [] }).success).toBe(false);
  });
});
