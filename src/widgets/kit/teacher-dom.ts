/**
 * The teacher's tools on a live widget (browser only): restrictions from a teacher link applied to
 * the controls, the "For teachers" panel that makes such links and embed snippets, the settings
 * line shown in print, worksheets and present mode, and present mode itself.
 *
 * Called from runtime.ts with two lines, so the runtime stays about running widgets. Every string
 * read from the URL goes through teacher-link.ts / url-state.ts and is shown with textContent.
 */
import type { ParamValues } from './params';
import { settingsText } from './teacher-text';
import { mergeRestrictions, proseHidden, readRestrictions, SEED_CONTROL, withProse, writeRestrictions, type Restrictions } from './teacher-link';
import { writeWidgetState } from './url-state';
import type { WidgetSpec } from './widget';

export interface TeacherTools {
  /** Call after every change of settings: refreshes the settings line and the panel's outputs. */
  changed(): void;
  notices: string[];
}

type Current = () => { values: ParamValues; seed: number };

const PRESENT_KEY = 'present';

function siteBase(): string {
  return import.meta.env.BASE_URL.replace(/\/?$/, '/');
}

/** The query of this widget only (its parameters, seed and restrictions), for embeds. */
function ownSearch(widgetId: string, search: string): string {
  const q = new URLSearchParams(search);
  const out = new URLSearchParams();
  for (const [k, v] of q) if (k.startsWith(`${widgetId}.`)) out.append(k, v);
  const s = out.toString().replace(/%2C/g, ',');
  return s ? `?${s}` : '';
}

export function embedUrl(widgetId: string, search: string): string {
  return `${location.origin}${siteBase()}embed/${widgetId}/${ownSearch(widgetId, search)}`;
}

export function embedSnippet(widgetId: string, title: string, search: string): string {
  const esc = (s: string) => s.replace(/[&"<>]/g, (c) => ({ '&': '&amp;', '"': '&quot;', '<': '&lt;', '>': '&gt;' })[c] ?? c);
  return `<iframe src="${esc(embedUrl(widgetId, search))}" title="${esc(title)}" width="100%" height="760" style="border:0;max-width:60rem" loading="lazy"></iframe>`;
}


function applyRestrictions(root: HTMLElement, spec: WidgetSpec, r: Restrictions): void {
  const containerOf = (name: string): HTMLElement | null =>
    name === SEED_CONTROL ? root.querySelector('.sl-kind-seed') : root.querySelector(`[data-param="${CSS.escape(name)}"]`)?.closest<HTMLElement>('.sl-control') ?? null;
  for (const name of r.lock) {
    const box = containerOf(name);
    if (!box) continue;
    box.classList.add('sl-locked');
    box.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLButtonElement>('input, select, button').forEach((e) => (e.disabled = true));
    if (!box.querySelector('.sl-lock-mark')) {
      const mark = document.createElement('span');
      mark.className = 'sl-lock-mark';
      mark.textContent = ' (locked)';
      (box.querySelector('label') ?? box).appendChild(mark);
    }
  }
  for (const name of r.hide) {
    const box = containerOf(name);
    if (box) box.hidden = true;
  }
  const note = root.querySelector<HTMLElement>('.sl-lock-note');
  if (note && (r.lock.length || r.hide.length)) {
    const label = (n: string) => (n === SEED_CONTROL ? 'seed' : (spec.params.find((p) => p.name === n)?.label ?? n));
    const locked = r.lock.filter((n) => !r.hide.includes(n)).map(label);
    const hidden = r.hide.map(label);
    note.textContent =
      `This link sets ${[locked.length ? `${locked.join(', ')} (locked)` : '', hidden.length ? `${hidden.join(', ')} (hidden)` : ''].filter(Boolean).join('; ')}. ` +
      'The settings line below shows every value in use.';
    note.hidden = false;
    root.classList.add('sl-restricted');
  }
}

function setupPanel(root: HTMLElement, spec: WidgetSpec, fromUrl: Restrictions, current: Current): () => void {
  const panel = root.querySelector<HTMLDetailsElement>('.sl-teacher');
  if (!panel) return () => {};
  const boxes = [...panel.querySelectorAll<HTMLInputElement>('input[data-restrict]')];
  // What the URL already restricts is shown checked and cannot be unchecked here.
  for (const b of boxes) {
    const kind = b.dataset.restrict as 'lock' | 'hide';
    if (fromUrl[kind].includes(b.value) || (kind === 'lock' && fromUrl.hide.includes(b.value))) {
      b.checked = true;
      b.disabled = true;
      b.title = 'Set by the link this page was opened with';
    }
  }
  const prose = panel.querySelector<HTMLInputElement>('input[data-prose]');
  if (prose && proseHidden(location.search)) {
    prose.checked = true;
    prose.disabled = true;
  }
  const link = panel.querySelector<HTMLInputElement>('[data-teacher-link]')!;
  const embed = panel.querySelector<HTMLTextAreaElement>('[data-embed-code]')!;
  const update = () => {
    const chosen: Restrictions = {
      lock: boxes.filter((b) => b.checked && b.dataset.restrict === 'lock').map((b) => b.value),
      hide: boxes.filter((b) => b.checked && b.dataset.restrict === 'hide').map((b) => b.value),
    };
    const r = mergeRestrictions(fromUrl, chosen);
    const { values, seed } = current();
    let search = writeWidgetState(spec.id, spec.params, { values, seed }, location.search, Number(root.dataset.defaultSeed ?? 1));
    search = writeRestrictions(spec.id, r, search);
    const page = new URLSearchParams(search);
    page.delete(PRESENT_KEY);
    search = withProse(page.toString() ? `?${page.toString().replace(/%2C/g, ',')}` : '', Boolean(prose?.checked));
    link.value = `${location.origin}${location.pathname}${search}#${root.id}`;
    embed.value = embedSnippet(spec.id, spec.title, search);
  };
  panel.addEventListener('change', update);
  panel.addEventListener('toggle', update);
  const copy = async (text: string, status: HTMLElement | null) => {
    try {
      await navigator.clipboard.writeText(text);
      if (status) status.textContent = 'Copied.';
    } catch {
      if (status) status.textContent = 'Select the text and copy it (the clipboard is not available here).';
    }
  };
  panel.querySelector('[data-action="copy-teacher-link"]')?.addEventListener('click', () => {
    update();
    link.select();
    void copy(link.value, panel.querySelector('[data-teacher-status]'));
  });
  panel.querySelector('[data-action="copy-embed"]')?.addEventListener('click', () => {
    update();
    embed.select();
    void copy(embed.value, panel.querySelector('[data-teacher-status]'));
  });
  root.querySelector('[data-action="embed"]')?.addEventListener('click', () => {
    panel.open = true;
    update();
    embed.focus();
    embed.select();
  });
  update();
  return update;
}

function setupPresent(root: HTMLElement): void {
  const button = root.querySelector<HTMLButtonElement>('[data-action="present"]');
  if (!button) return;
  const set = (on: boolean) => {
    root.classList.toggle('sl-presenting', on);
    document.documentElement.classList.toggle('sl-present-mode', on);
    button.textContent = on ? 'Exit presentation' : 'Present';
    button.setAttribute('aria-pressed', String(on));
    if (on) {
      root.setAttribute('role', 'dialog');
      root.setAttribute('aria-modal', 'true');
      root.setAttribute('aria-label', `${root.querySelector('.sl-widget-title')?.textContent ?? 'Figure'} (presentation; Esc exits)`);
      button.focus();
    } else {
      root.removeAttribute('role');
      root.removeAttribute('aria-modal');
      root.removeAttribute('aria-label');
    }
  };
  button.addEventListener('click', () => set(!root.classList.contains('sl-presenting')));
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && root.classList.contains('sl-presenting')) {
      set(false);
      button.focus();
    }
  });
  if (new URLSearchParams(location.search).get(PRESENT_KEY) === root.dataset.widget) set(true);
}

export function attachTeacherTools(root: HTMLElement, spec: WidgetSpec, current: Current): TeacherTools {
  const r = readRestrictions(spec.id, spec.params, spec.seeded, location.search);
  applyRestrictions(root, spec, r);
  const updatePanel = setupPanel(root, spec, r, current);
  setupPresent(root);
  const settings = root.querySelector<HTMLElement>('.sl-settings');
  const printLink = root.querySelector<HTMLAnchorElement>('[data-figure-link]');
  const changed = () => {
    const { values, seed } = current();
    if (settings) settings.textContent = settingsText(spec, values, seed);
    if (printLink) {
      // Printed pages (lessons and worksheets) carry a link back to the live figure in these settings.
      const search = writeWidgetState(spec.id, spec.params, { values, seed }, location.search, Number(root.dataset.defaultSeed ?? 1));
      const href = `${location.origin}${location.pathname.replace(/worksheet\/?$/, '')}${search}#${root.id}`;
      printLink.href = href;
      printLink.textContent = href;
      printLink.parentElement!.hidden = false;
    }
    updatePanel();
  };
  changed();
  return { changed, notices: r.notices };
}
