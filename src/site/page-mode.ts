/** Which kind of page a component is being rendered on (build time), from the page's URL. */
export function lessonSlugOf(pathname: string): string {
  const base = import.meta.env.BASE_URL.replace(/\/$/, '');
  const path = pathname.startsWith(base) ? pathname.slice(base.length) : pathname;
  return /^\/lessons\/([a-z0-9-]+)/.exec(path)?.[1] ?? 'page';
}

export function isWorksheet(pathname: string): boolean {
  return /\/worksheet\/?$/.test(pathname);
}

/** SOFTLAB_STUDENT=1 at build time leaves solutions out of the HTML entirely. */
export function isStudentBuild(): boolean {
  return import.meta.env.SOFTLAB_STUDENT === '1' || process.env.SOFTLAB_STUDENT === '1';
}

/** A stable id from an exercise title: "When does naive softmax overflow?" -> "when-does-naive-softmax-overflow". */
export function slugify(text: string): string {
  return text.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'item';
}
