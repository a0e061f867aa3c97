/**
 * Content collections: lessons (MDX, one per paper) and courses (YAML). The schemas are the
 * contract of DESIGN.md §2; a bad field fails the build with the file and field named.
 */
import { defineCollection, reference } from 'astro:content';
import { glob } from 'astro/loaders';
import { lessonSchema, courseSchema } from './lesson-schema';

const lessons = defineCollection({
  loader: glob({ pattern: '**/*.mdx', base: './content/lessons' }),
  schema: lessonSchema,
});

const courses = defineCollection({
  loader: glob({ pattern: '**/*.yaml', base: './content/courses' }),
  schema: courseSchema,
});

export const collections = { lessons, courses };
export { reference };
