/**
 * A course's plan, computed at build time from its YAML and the lessons' frontmatter: checks that
 * every slug is a written lesson and that no lesson comes before one of its prerequisites, and lays
 * out the small prerequisite graph. Pure: no astro:content here, so Vitest runs it.
 */
export interface PlanLesson {
  slug: string;
  title: string;
  minutes: number;
  prerequisites: string[];
}

export interface CourseProblem {
  path: string;
  message: string;
}

export function courseProblems(courseId: string, slugs: string[], lessons: Map<string, PlanLesson>): CourseProblem[] {
  const problems: CourseProblem[] = [];
  slugs.forEach((s, i) => {
    const l = lessons.get(s);
    if (!l) {
      problems.push({ path: `lessons.${i}.slug`, message: `"${s}" is not a written lesson (content/lessons/${s}.mdx does not exist). Add the lesson first, or leave it out of the course until it is written.` });
      return;
    }
    for (const pre of l.prerequisites) {
      const j = slugs.indexOf(pre);
      if (j > i) problems.push({ path: `lessons.${i}.slug`, message: `"${s}" comes before its prerequisite "${pre}" (position ${j + 1}); swap them.` });
    }
  });
  return problems.map((p) => ({ ...p, message: `content/courses/${courseId}.yaml: ${p.path}: ${p.message}` }));
}

export interface GraphNode {
  slug: string;
  label: string;
  x: number;
  y: number;
  /** A prerequisite that is not part of this course. */
  outside: boolean;
}
export interface GraphEdge {
  from: string;
  to: string;
  d: string;
}
export interface CourseGraph {
  width: number;
  height: number;
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** The graph in words, for screen readers and print. */
  description: string[];
}

/**
 * Layered layout: a lesson's column is one more than its deepest prerequisite's, so every arrow
 * points right; rows follow the course order. Small courses only (a dozen lessons draws fine).
 */
export function courseGraph(slugs: string[], lessons: Map<string, PlanLesson>, titleOf: (slug: string) => string): CourseGraph {
  const inCourse = new Set(slugs);
  const outside = [...new Set(slugs.flatMap((s) => lessons.get(s)?.prerequisites ?? []).filter((p) => !inCourse.has(p)))];
  const all = [...outside, ...slugs];
  const depth = new Map<string, number>();
  const depthOf = (s: string, guard = 0): number => {
    if (depth.has(s)) return depth.get(s)!;
    const pres = inCourse.has(s) ? (lessons.get(s)?.prerequisites ?? []) : [];
    const d = guard > 64 || pres.length === 0 ? 0 : 1 + Math.max(...pres.map((p) => depthOf(p, guard + 1)));
    depth.set(s, d);
    return d;
  };
  all.forEach((s) => depthOf(s));
  const colW = 190;
  const rowH = 46;
  const nodeW = 170;
  const rows = new Map<number, number>();
  const nodes: GraphNode[] = all.map((s) => {
    const col = depth.get(s)!;
    const row = rows.get(col) ?? 0;
    rows.set(col, row + 1);
    const label = (inCourse.has(s) ? `${slugs.indexOf(s) + 1}. ` : '') + titleOf(s);
    return { slug: s, label, x: 8 + col * colW, y: 8 + row * rowH, outside: !inCourse.has(s) };
  });
  const at = new Map(nodes.map((n) => [n.slug, n]));
  const edges: GraphEdge[] = [];
  for (const s of slugs)
    for (const p of lessons.get(s)?.prerequisites ?? []) {
      const a = at.get(p);
      const b = at.get(s);
      if (!a || !b) continue;
      const x1 = a.x + nodeW;
      const y1 = a.y + 17;
      const x2 = b.x - 4;
      const y2 = b.y + 17;
      const mx = (x1 + x2) / 2;
      edges.push({ from: p, to: s, d: `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}` });
    }
  const maxCol = Math.max(0, ...[...depth.values()]);
  const maxRow = Math.max(1, ...rows.values());
  const description = slugs.map((s) => {
    const pres = lessons.get(s)?.prerequisites ?? [];
    return pres.length
      ? `${titleOf(s)} builds on ${pres.map((p) => `${titleOf(p)}${inCourse.has(p) ? '' : ' (not in this course)'}`).join(' and ')}.`
      : `${titleOf(s)} needs no other lesson first.`;
  });
  return { width: 16 + maxCol * colW + nodeW, height: 16 + maxRow * rowH - (rowH - 34), nodes, edges, description };
}

/** Counts of the interactive items in a lesson's MDX source (questions and exercises). */
export function countItems(body: string): { questions: number; exercises: number } {
  return { questions: (body.match(/^\s*<Predict\b/gm) ?? []).length, exercises: (body.match(/^\s*<Exercise\b/gm) ?? []).length };
}
