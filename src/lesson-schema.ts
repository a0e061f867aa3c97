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

export const courseSchema = z.object({
  title: z.string().min(3),
  audience: z.string().min(3),
  goals: z.array(z.string()).min(1),
  lessons: z.array(z.object({ slug, note: z.string().optional() })),
});
