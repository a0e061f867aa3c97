/**
 * Draws a `View` into a widget's output area with DOM calls only (textContent, never innerHTML
 * for data), so the same code renders the static figure on the server (linkedom) and the live one
 * in the browser.
 */
import { renderChart, type ChartSpec } from './charts';
import type { ClaimCheck, DataTable, Readout, View } from './widget';

/** Data tables show at most this many rows on the page; the CSV export has them all. */
export const TABLE_ROW_LIMIT = 60;

function el<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = doc.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

export function formatCell(v: number | string): string {
  if (typeof v === 'string') return v;
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e6) ? v.toExponential(3) : String(Number(v.toPrecision(4)));
}

function chartBlock(doc: Document, spec: ChartSpec, width: number): HTMLElement {
  const box = el(doc, 'div', 'sl-chart');
  box.appendChild(el(doc, 'div', 'sl-chart-title', spec.title));
  if (spec.legend?.length) {
    const ul = el(doc, 'ul', 'sl-legend');
    for (const item of spec.legend) {
      const li = el(doc, 'li');
      const sw = el(doc, 'span', `sl-swatch${item.dashed ? ' sl-dashed' : ''}`);
      sw.setAttribute('style', `--swatch:${item.color}`);
      sw.setAttribute('aria-hidden', 'true');
      li.appendChild(sw);
      li.appendChild(doc.createTextNode(item.name));
      ul.appendChild(li);
    }
    box.appendChild(ul);
  }
  const svg = renderChart(spec, width, doc);
  box.appendChild(svg as unknown as Node);
  return box;
}

function readoutList(doc: Document, readouts: Readout[]): HTMLElement {
  const dl = el(doc, 'dl', 'sl-readouts');
  for (const r of readouts) {
    const div = el(doc, 'div', `sl-readout sl-role-${r.role ?? 'neutral'}${r.volatile ? ' sl-volatile' : ''}`);
    div.appendChild(el(doc, 'dt', undefined, r.label));
    div.appendChild(el(doc, 'dd', undefined, r.value));
    dl.appendChild(div);
  }
  return dl;
}

export function claimVerdict(holds: boolean | null): string {
  return holds === true ? 'holds' : holds === false ? 'does not hold' : 'not measured yet';
}

function claimBox(doc: Document, c: ClaimCheck): HTMLElement {
  const box = el(doc, 'div', 'sl-claim');
  box.setAttribute('data-holds', String(c.holds));
  const head = el(doc, 'p', 'sl-claim-head');
  head.appendChild(el(doc, 'strong', undefined, 'Claim check: '));
  head.appendChild(el(doc, 'span', 'sl-claim-verdict', claimVerdict(c.holds)));
  box.appendChild(head);
  box.appendChild(el(doc, 'p', 'sl-claim-statement', c.statement));
  box.appendChild(el(doc, 'p', 'sl-claim-detail', c.detail));
  return box;
}

function dataTable(doc: Document, t: DataTable, caption: string): HTMLElement {
  const det = el(doc, 'details', 'sl-table');
  const shown = Math.min(t.rows.length, TABLE_ROW_LIMIT);
  det.appendChild(
    el(doc, 'summary', undefined, `Data table (${t.rows.length} rows${shown < t.rows.length ? `, first ${shown} shown; CSV has all` : ''})`),
  );
  const wrap = el(doc, 'div', 'sl-table-wrap');
  const table = el(doc, 'table');
  table.appendChild(el(doc, 'caption', undefined, caption));
  const thead = el(doc, 'thead');
  const hr = el(doc, 'tr');
  for (const c of t.columns) {
    const th = el(doc, 'th', undefined, c);
    th.setAttribute('scope', 'col');
    hr.appendChild(th);
  }
  thead.appendChild(hr);
  table.appendChild(thead);
  const tbody = el(doc, 'tbody');
  for (const row of t.rows.slice(0, shown)) {
    const tr = el(doc, 'tr');
    for (const v of row) tr.appendChild(el(doc, 'td', undefined, formatCell(v)));
    tbody.appendChild(tr);
  }
  table.appendChild(tbody);
  wrap.appendChild(table);
  det.appendChild(wrap);
  return det;
}

/** Replaces the contents of `out` with the rendered view, keeping charts whose key is unchanged. */
export function renderView(out: HTMLElement, view: View, width: number, doc: Document, title: string): void {
  const old = out.querySelector(':scope > .sl-charts');
  const previous = old ? Array.from(old.children) as HTMLElement[] : [];
  while (out.firstChild) out.removeChild(out.firstChild);
  const charts = el(doc, 'div', 'sl-charts');
  view.charts.forEach((c, i) => {
    const prev = previous[i];
    const stamp = c.key === undefined ? undefined : `${c.key}@${width}`;
    if (stamp !== undefined && prev?.dataset.key === stamp) {
      charts.appendChild(prev);
      return;
    }
    const block = chartBlock(doc, c, width);
    if (stamp !== undefined) block.setAttribute('data-key', stamp);
    charts.appendChild(block);
  });
  out.appendChild(charts);
  if (view.readouts?.length) out.appendChild(readoutList(doc, view.readouts));
  if (view.claim) out.appendChild(claimBox(doc, view.claim));
  out.appendChild(el(doc, 'p', 'sl-summary', view.summary));
  out.appendChild(dataTable(doc, view.table, `${title}: data`));
}

/** CSV text of a table, header row first; strings quoted when they need it. */
export function toCsv(t: DataTable): string {
  const cell = (v: number | string) => {
    const s = typeof v === 'number' ? String(v) : v;
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [t.columns.map(cell).join(','), ...t.rows.map((r) => r.map(cell).join(','))].join('\n') + '\n';
}
