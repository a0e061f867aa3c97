/**
 * Every widget wrapper in src/widgets/<lesson>/<Name>.astro, found at build time (no registration):
 * the embed pages (/embed/<widget-id>/) are generated from this list. A wrapper passes
 * tag="<widget-id>" to the kit's Widget.astro; that id is read from the wrapper's source.
 */
import type { AstroComponentFactory } from 'astro/runtime/server/index.js';

const components = import.meta.glob<AstroComponentFactory>('../widgets/*/[A-Z]*.astro', { eager: true, import: 'default' });
const sources = import.meta.glob<string>('../widgets/*/[A-Z]*.astro', { eager: true, query: '?raw', import: 'default' });

export interface WidgetEntry {
  id: string;
  /** The lesson folder (= lesson slug by convention). */
  lesson: string;
  file: string;
  Component: AstroComponentFactory;
}

/** The tag="…" a wrapper passes to Widget.astro (also its spec id and URL prefix). */
export function wrapperTag(source: string): string | null {
  return /\btag=["']([a-z0-9]+(?:-[a-z0-9]+)+)["']/.exec(source)?.[1] ?? null;
}

export function widgetRegistry(): WidgetEntry[] {
  const out: WidgetEntry[] = [];
  for (const [file, Component] of Object.entries(components)) {
    const lesson = file.split('/')[2];
    if (lesson === 'kit' || lesson === 'kit-demo') continue;
    const id = wrapperTag(sources[file] ?? '');
    if (!id) continue;
    out.push({ id, lesson, file: file.replace('../', 'src/'), Component });
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}
