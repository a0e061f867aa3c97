/**
 * The browser side of `EditSpec` (edit-spec.ts): records kept in a text parameter, edited by
 * - pointer (mouse, pen, touch): drag a record on its chart to move it; drag the square handle at
 *   the selected rectangle's far corner to resize it;
 * - keyboard: focus the chart, arrow keys move the selected record (Shift: 5 steps), Alt+arrows
 *   resize it, Delete removes it, Page Up / Page Down select the next record;
 * - form controls: a picker of records, number inputs for every field, Add / Delete / Default.
 *
 * Pixels map to data through the chart's own Plot scales (`svg.scale('x').invert`). While a drag
 * moves, the widget recomputes and redraws (`set(value, false)`); the URL is written once, when it
 * ends (`set(value, true)`), because browsers throttle history updates.
 */
import type { EditRecord, EditSpec } from './edit-spec';
import { buildEditorForm, syncEditorForm } from './interact-form';
import './interact.css';

export interface EditHost {
  get(): string;
  /** `commit` = the edit is finished (write the URL); otherwise only recompute and redraw. */
  set(value: string, commit: boolean): void;
  /** The default value of the parameter (for "Default"). */
  fallback: string;
}

interface PlotScale {
  apply(v: number): number;
  invert?(v: number): number;
}
type PlotSvg = SVGSVGElement & { scale?: (name: string) => PlotScale | undefined };

export interface Editor {
  /** Re-binds to the freshly drawn chart and refreshes the form. Call after every redraw. */
  afterRender(output: HTMLElement): void;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const HANDLE_PX = 10;

export function mountEditor(root: HTMLElement, spec: EditSpec, host: EditHost): Editor {
  const t = spec.target;
  const field = (name: string) => spec.fields.find((f) => f.name === name)!;
  const clampTo = (name: string, v: number, max?: number) => {
    const f = field(name);
    const hi = Math.min(f.max, max ?? Infinity);
    const snapped = Math.round(v / f.step) * f.step;
    return Number(Math.min(hi, Math.max(f.min, snapped)).toPrecision(10));
  };
  let selected = 0;
  let svg: PlotSvg | null = null;
  /** A key on the chart caused the coming redraw, which replaces the chart: focus the new one. */
  let refocus = false;
  /** An arrow key is being held (auto-repeat): the URL is written when it is released. */
  let repeated = false;
  let output: HTMLElement | null = null;
  const items = () => spec.decode(host.get());

  // ---- the form (interact-form.ts) ---------------------------------------------------------
  const form = buildEditorForm(`${root.id || 'w'}-edit`, spec, {
    field: (name, input, commit) => fromInput(name, input, commit),
    add: () => {
      const list = items();
      if (list.length >= spec.maxItems) return;
      list.push(spec.create(list));
      selected = list.length - 1;
      write(list, true);
    },
    remove: () => remove(),
    reset: () => {
      selected = 0;
      host.set(host.fallback, true);
    },
    pick: (i) => {
      selected = i;
      sync();
      drawSelection();
    },
  });
  root.querySelector('.sl-output')?.before(form.panel);

  function write(list: EditRecord[], commit: boolean) {
    host.set(spec.encode(list), commit);
  }
  function remove() {
    const list = items();
    if (list.length <= (spec.minItems ?? 0)) return;
    list.splice(selected, 1);
    selected = Math.max(0, Math.min(selected, list.length - 1));
    write(list, true);
  }
  function fromInput(name: string, input: HTMLInputElement, commit: boolean) {
    const list = items();
    const it = list[selected];
    const v = Number(input.value);
    if (!it || input.value.trim() === '' || !Number.isFinite(v)) return;
    it[name] = clampTo(name, v);
    write(list, commit);
  }

  /** Picker options, field values and button states from the current records. */
  function sync() {
    const list = items();
    if (selected >= list.length) selected = Math.max(0, list.length - 1);
    syncEditorForm(form, spec, list, selected);
  }

  // ---- the chart: mapping, selection outline, pointer and keyboard --------------------------
  function scales() {
    const sx = svg?.scale?.('x');
    const sy = svg?.scale?.('y');
    return sx?.invert && sy?.invert ? { sx, sy } : null;
  }
  function toData(e: PointerEvent): { x: number; y: number; px: number; py: number } | null {
    const s = scales();
    const m = svg?.getScreenCTM();
    if (!s || !m || !svg) return null;
    const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(m.inverse());
    return { x: s.sx.invert!(p.x), y: s.sy.invert!(p.y), px: p.x, py: p.y };
  }
  /** Pixel rectangle of a record (points get a small square). */
  function pixelRect(it: EditRecord) {
    const s = scales()!;
    const xa = s.sx.apply(it[t.x]);
    const ya = s.sy.apply(it[t.y]);
    const xb = t.w ? s.sx.apply(it[t.x] + it[t.w]) : xa;
    const yb = t.h ? s.sy.apply(it[t.y] + it[t.h]) : ya;
    const pad = t.w ? 0 : 8;
    return { x0: Math.min(xa, xb) - pad, x1: Math.max(xa, xb) + pad, y0: Math.min(ya, yb) - pad, y1: Math.max(ya, yb) + pad, hx: xb, hy: yb };
  }
  function drawSelection() {
    if (!svg || !scales()) return;
    svg.querySelectorAll('.sl-edit-sel').forEach((e) => e.remove());
    const it = items()[selected];
    if (!it) return;
    const r = pixelRect(it);
    const outline = document.createElementNS(SVG_NS, 'rect');
    outline.setAttribute('class', 'sl-edit-sel');
    for (const [k, v] of Object.entries({ x: r.x0 - 3, y: r.y0 - 3, width: r.x1 - r.x0 + 6, height: r.y1 - r.y0 + 6 })) outline.setAttribute(k, String(v));
    svg.appendChild(outline);
    if (t.w && t.h) {
      const h = document.createElementNS(SVG_NS, 'rect');
      h.setAttribute('class', 'sl-edit-sel sl-edit-handle');
      for (const [k, v] of Object.entries({ x: r.hx - HANDLE_PX / 2, y: r.hy - HANDLE_PX / 2, width: HANDLE_PX, height: HANDLE_PX })) h.setAttribute(k, String(v));
      svg.appendChild(h);
    }
  }

  let drag: { id: number; mode: 'move' | 'resize'; start: { x: number; y: number }; orig: EditRecord; list: EditRecord[] } | null = null;

  function onDown(e: PointerEvent) {
    if (!svg || !(e.target instanceof Element) || !svg.contains(e.target) || e.button !== 0) return;
    const d = toData(e);
    if (!d) return;
    const list = items();
    let hit = -1;
    let mode: 'move' | 'resize' = 'move';
    const sel = list[selected];
    if (sel && t.w && t.h) {
      const r = pixelRect(sel);
      if (Math.abs(d.px - r.hx) <= HANDLE_PX && Math.abs(d.py - r.hy) <= HANDLE_PX) {
        hit = selected;
        mode = 'resize';
      }
    }
    if (hit < 0) {
      // The smallest record under the pointer, so a small box inside a big one can be grabbed.
      let best = Infinity;
      list.forEach((it, i) => {
        const r = pixelRect(it);
        const area = (r.x1 - r.x0) * (r.y1 - r.y0);
        if (d.px >= r.x0 && d.px <= r.x1 && d.py >= r.y0 && d.py <= r.y1 && area < best) {
          best = area;
          hit = i;
        }
      });
    }
    if (hit < 0) return;
    e.preventDefault();
    selected = hit;
    drag = { id: e.pointerId, mode, start: { x: d.x, y: d.y }, orig: { ...list[hit] }, list };
    output?.setPointerCapture(e.pointerId);
    sync();
    drawSelection();
  }
  function onMove(e: PointerEvent) {
    if (!drag || e.pointerId !== drag.id) return;
    const d = toData(e);
    if (!d) return;
    const it = drag.list[selected];
    const o = drag.orig;
    const dx = d.x - drag.start.x;
    const dy = d.y - drag.start.y;
    if (drag.mode === 'resize' && t.w && t.h) {
      it[t.w] = clampTo(t.w, o[t.w] + dx, field(t.x).max - o[t.x]);
      it[t.h] = clampTo(t.h, o[t.h] + dy, field(t.y).max - o[t.y]);
    } else {
      it[t.x] = clampTo(t.x, o[t.x] + dx, t.w ? field(t.x).max - o[t.w] : undefined);
      it[t.y] = clampTo(t.y, o[t.y] + dy, t.h ? field(t.y).max - o[t.h] : undefined);
    }
    write(drag.list, false);
  }
  function onUp(e: PointerEvent) {
    if (!drag || e.pointerId !== drag.id) return;
    const list = drag.list;
    drag = null;
    output?.releasePointerCapture?.(e.pointerId);
    write(list, true);
  }
  function onKey(e: KeyboardEvent) {
    const list = items();
    const it = list[selected];
    if (e.key === 'PageDown' || e.key === 'PageUp') {
      if (!list.length) return;
      selected = (selected + (e.key === 'PageDown' ? 1 : list.length - 1)) % list.length;
      e.preventDefault();
      sync();
      drawSelection();
      return;
    }
    if ((e.key === 'Delete' || e.key === 'Backspace') && it) {
      e.preventDefault();
      refocus = true;
      remove();
      return;
    }
    const dir = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[e.key];
    if (!dir || !it) return;
    e.preventDefault();
    // Arrow up moves up on screen, whichever way the y scale runs.
    const s = scales();
    const yDown = s ? s.sy.apply(1) > s.sy.apply(0) : true;
    const k = e.shiftKey ? 5 : 1;
    const ddx = dir[0] * k;
    const ddy = (yDown ? dir[1] : -dir[1]) * k;
    if (e.altKey && t.w && t.h) {
      it[t.w] = clampTo(t.w, it[t.w] + ddx * field(t.w).step, field(t.x).max - it[t.x]);
      it[t.h] = clampTo(t.h, it[t.h] + ddy * field(t.h).step, field(t.y).max - it[t.y]);
    } else {
      it[t.x] = clampTo(t.x, it[t.x] + ddx * field(t.x).step, t.w ? field(t.x).max - it[t.w] : undefined);
      it[t.y] = clampTo(t.y, it[t.y] + ddy * field(t.y).step, t.h ? field(t.y).max - it[t.h] : undefined);
    }
    refocus = true;
    if (e.repeat) repeated = true;
    write(list, !e.repeat);
  }
  // A key held down writes the URL once, when it is released.
  function onKeyUp(e: KeyboardEvent) {
    if (!e.key.startsWith('Arrow') || !repeated) return;
    repeated = false;
    refocus = true;
    host.set(host.get(), true);
  }

  return {
    afterRender(out: HTMLElement) {
      if (output !== out) {
        output = out;
        out.addEventListener('pointerdown', onDown);
        out.addEventListener('pointermove', onMove);
        out.addEventListener('pointerup', onUp);
        out.addEventListener('pointercancel', onUp);
      }
      const charts = out.querySelectorAll<HTMLElement>(':scope > .sl-charts > .sl-chart');
      const next = (charts[t.chart]?.querySelector('svg') ?? null) as PlotSvg | null;
      if (next && next !== svg) {
        svg = next;
        svg.classList.add('sl-editable');
        svg.setAttribute('tabindex', '0');
        svg.setAttribute('aria-keyshortcuts', 'ArrowLeft ArrowRight ArrowUp ArrowDown PageUp PageDown Delete');
        svg.addEventListener('keydown', onKey);
        svg.addEventListener('keyup', onKeyUp);
        if (refocus) svg.focus({ preventScroll: true });
      }
      refocus = false;
      sync();
      drawSelection();
    },
  };
}
