/** Courses with their lessons resolved (build time): the course page, the lesson page's "next in this course". */
import { getCollection, type CollectionEntry } from 'astro:content';
import { countItems, courseGraph, courseProblems, type PlanLesson } from './course-plan';
import { lessonsInOrder, type Lesson } from './catalog';
import { url } from './urls';

export type Course = CollectionEntry<'courses'>;

export interface CourseItem {
  slug: string;
  note?: string;
  week?: number;
  lesson: Lesson;
  questions: number;
  exercises: number;
}

export function courseUrl(id: string): string {
  return url(`/courses/${id}/`);
}

/** A lesson link that remembers the course it was reached from ("next in this course"). */
export function lessonInCourseUrl(slug: string, courseId: string): string {
  return url(`/lessons/${slug}/?course=${encodeURIComponent(courseId)}`);
}

export async function coursesInOrder(): Promise<Course[]> {
  // Track courses first, in track order as they appear in the file names; the tour last.
  return (await getCollection('courses')).sort((a, b) => Number(a.id === 'tour') - Number(b.id === 'tour') || a.id.localeCompare(b.id));
}

export async function coursePlan(course: Course) {
  const lessons = await lessonsInOrder();
  const bySlug = new Map(lessons.map((l) => [l.id, l]));
  const plan = new Map<string, PlanLesson>(lessons.map((l) => [l.id, { slug: l.id, title: l.data.title, minutes: l.data.minutes, prerequisites: l.data.prerequisites }]));
  const slugs = course.data.lessons.map((l) => l.slug);
  const problems = courseProblems(course.id, slugs, plan);
  if (problems.length) throw new Error(problems.map((p) => p.message).join('\n'));
  const items: CourseItem[] = course.data.lessons.map((l) => {
    const lesson = bySlug.get(l.slug)!;
    return { ...l, lesson, ...countItems(lesson.body ?? '') };
  });
  const titleOf = (s: string) => bySlug.get(s)?.data.title ?? s;
  const shortTitle = (s: string) => {
    const t = titleOf(s).split(':')[0];
    return t.length > 22 ? `${t.slice(0, 21)}…` : t;
  };
  const graph = courseGraph(slugs, plan, shortTitle);
  graph.description = courseGraph(slugs, plan, titleOf).description;
  const minutes = items.reduce((n, i) => n + i.lesson.data.minutes, 0);
  return { items, graph, minutes };
}

/** For a lesson page: every course that contains it, with the lesson after it (if any). */
export async function courseNeighbours(slug: string) {
  const out: { id: string; title: string; position: number; count: number; next?: { slug: string; title: string } }[] = [];
  const lessons = new Map((await lessonsInOrder()).map((l) => [l.id, l]));
  for (const c of await coursesInOrder()) {
    const i = c.data.lessons.findIndex((l) => l.slug === slug);
    if (i < 0) continue;
    const n = c.data.lessons[i + 1];
    out.push({ id: c.id, title: c.data.title, position: i + 1, count: c.data.lessons.length, next: n ? { slug: n.slug, title: lessons.get(n.slug)?.data.title ?? n.slug } : undefined });
  }
  return out;
}
