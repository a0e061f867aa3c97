/**
 * The lesson catalogue: written lessons (content collection) plus the full paper list
 * (content/papers.tsv), so the home page can show what is coming without dead links.
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import papersTsv from '../../content/papers.tsv?raw';
import { TRACKS, TRACK_IDS, type Track } from '../lesson-schema';

export type Lesson = CollectionEntry<'lessons'>;

export interface PaperRow {
  slug: string;
  track: Track;
  title: string;
}

export function parsePapers(tsv: string): PaperRow[] {
  return tsv
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t'))
    .filter((c) => c.length >= 3)
    .map(([slug, track, title]) => ({ slug, track: track as Track, title }));
}

export const papers = parsePapers(papersTsv);

export async function lessonsInOrder(): Promise<Lesson[]> {
  const all = await getCollection('lessons');
  const rank = (t: string) => TRACK_IDS.indexOf(t as Track);
  return all.sort((a, b) => rank(a.data.track) - rank(b.data.track) || a.data.order - b.data.order || a.id.localeCompare(b.id));
}

export async function tracksWithLessons() {
  const lessons = await lessonsInOrder();
  return TRACK_IDS.map((id) => {
    const written = lessons.filter((l) => l.data.track === id);
    const writtenSlugs = new Set(written.map((l) => l.id));
    const coming = papers.filter((p) => p.track === id && !writtenSlugs.has(p.slug));
    return { id, name: TRACKS[id], written, coming };
  });
}

/** Previous and next lesson within the same track. */
export async function neighbours(lesson: Lesson): Promise<{ prev?: Lesson; next?: Lesson }> {
  const inTrack = (await lessonsInOrder()).filter((l) => l.data.track === lesson.data.track);
  const i = inTrack.findIndex((l) => l.id === lesson.id);
  return { prev: inTrack[i - 1], next: inTrack[i + 1] };
}
