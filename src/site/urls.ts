/** Links that respect the configured base path (BASE_PATH), so the site works under a sub-path. */
export function url(path: string): string {
  const base = import.meta.env.BASE_URL.replace(/\/$/, '');
  const p = path.startsWith('/') ? path : `/${path}`;
  return `${base}${p}`;
}

export function lessonUrl(slug: string): string {
  return url(`/lessons/${slug}/`);
}
