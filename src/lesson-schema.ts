/** Zod schemas for lesson frontmatter and course files (kept apart so Vitest can test them). */
import { z } from 'astro/zod';

export const TRACKS = {
  'softmax-attention': 'Softmax and attention',
  'soft-prompts': 'Soft prompts',
  'resets-restarts': 'Resets and restarts',
  'continual-unlearning': 'Continual learning and unlearning',
  'agents-rl-alignment': 'Agents, RL and alignment',
  'vision-hardware': 'Vision and hardware',
} as const;
export type Track = keyof typeof TRACKS;
export const TRACK_IDS = Object.keys(TRACKS) as [Track, ...Track[]];

const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a lesson slug like "online-softmax"');

export const lessonSchema = z.object({
  title: z.string().min(3),
  paper: z.object({
    title: z.string().min(3),
    authors: z.array(z.string().min(1)).min(1),
    venue: z.string().min(2),
    year: z.number().int().min(1950).max(2100),
    arxiv: z.string().regex(/^\d{4}\.\d{4,5}$/, 'must be an arXiv id like 1608.03983'),
    code: z.url().optional(),
  }),
  track: z.enum(TRACK_IDS),
  order: z.number().int().min(1),
  summary: z.string().min(20).max(400),
  claim: z.string().min(20).max(400),
  minutes: z.number().int().min(1).max(180),
  prerequisites: z.array(slug).default([]),
  tags: z.array(z.string()).default([]),
});
export type LessonData = z.infer<typeof lessonSchema>;

/** A course holds at most this many lessons (the completion code has room for 63). */
export const MAX_COURSE_LESSONS = 63;

export const courseSchema = z
  .object({
    title: z.string().min(3),
    audience: z.string().min(3),
    /** One or two sentences for the course list and the top of the course page. */
    summary: z.string().min(10).max(400).optional(),
    goals: z.array(z.string()).min(1),
    /** Length of a scheduled course (e.g. 12 for a 12-week term); lessons may then name their week. */
    weeks: z.number().int().min(1).max(52).optional(),
    lessons: z
      .array(
        z.object({
          slug,
          /** A teacher's note shown under the lesson on the course page. */
          note: z.string().optional(),
          week: z.number().int().min(1).max(52).optional(),
        }),
      )
      .min(1)
      .max(MAX_COURSE_LESSONS),
  })
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    let lastWeek = 0;
    c.lessons.forEach((l, i) => {
      if (seen.has(l.slug)) ctx.addIssue({ code: 'custom', path: ['lessons', i, 'slug'], message: `"${l.slug}" is listed twice` });
      seen.add(l.slug);
      if (l.week !== undefined) {
        if (c.weeks === undefined) ctx.addIssue({ code: 'custom', path: ['lessons', i, 'week'], message: 'set "weeks" on the course to schedule lessons by week' });
        else if (l.week > c.weeks) ctx.addIssue({ code: 'custom', path: ['lessons', i, 'week'], message: `week ${l.week} is after the course's last week (${c.weeks})` });
        if (l.week < lastWeek) ctx.addIssue({ code: 'custom', path: ['lessons', i, 'week'], message: 'weeks must not go backwards: list lessons in the order they are taught' });
        lastWeek = l.week;
      }
    });
  });
export type CourseData = z.infer<typeof courseSchema>;
