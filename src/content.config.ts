/**
 * Content collections: lessons (MDX, one per paper) and courses (YAML). The schemas are the
 * contract of DESIGN.md §2; a bad field fails the build with the file and field named.
 */
import { defineCollection, reference } from 'astro:content';
import { glob } from 'astro/loaders';
import { existsSync } from 'node:fs';
import { lessonSchema, courseSchema } from './lesson-schema';

const lessons = defineCollection({
  loader: glob({ pattern: '**/*.mdx', base: './content/lessons' }),
  schema: lessonSchema,
});

// A course may only list written lessons: an unknown slug fails `astro sync`/`astro build`,
// naming the course file and the field (the course page re-checks the order of prerequisites).
const courses = defineCollection({
  loader: glob({ pattern: '**/*.yaml', base: './content/courses' }),
  schema: courseSchema.superRefine((c, ctx) => {
    c.lessons.forEach((l, i) => {
      if (!existsSync(`./content/lessons/${l.slug}.mdx`))
        ctx.addIssue({ code: 'custom', path: ['lessons', i, 'slug'], message: `"${l.slug}" is not a written lesson (no content/lessons/${l.slug}.mdx); leave it out until it is written` });
    });
  }),
});

export const collections = { lessons, courses };
export { reference };
