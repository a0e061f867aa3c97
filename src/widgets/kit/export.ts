/** Download helpers for a widget's data (CSV) and figure (SVG, PNG). Browser only. */
import { resolveColors } from './palette';

export function download(filename: string, blob: Blob): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/** Stacks every chart SVG inside `root` into one standalone SVG with literal colours. */
export function chartsToSvg(root: HTMLElement, title: string): { svg: string; width: number; height: number } {
  const svgs = [...root.querySelectorAll<SVGSVGElement>('.sl-chart > svg, .sl-chart svg.plot')].filter(
    (s, i, all) => all.indexOf(s) === i && !s.parentElement?.closest('svg'),
  );
  let y = 24;
  let width = 0;
  const parts: string[] = [];
  for (const s of svgs) {
    const w = Number(s.getAttribute('width')) || s.clientWidth || 640;
    const h = Number(s.getAttribute('height')) || s.clientHeight || 300;
    const inner = resolveColors(s.outerHTML, s).replace('<svg', `<svg x="0" y="${y}"`);
    parts.push(inner);
    y += h + 16;
    width = Math.max(width, w);
  }
  const color = getComputedStyle(root).color;
  const bg = getComputedStyle(document.body).backgroundColor;
  const esc = title.replace(/[<&>]/g, (c) => ({ '<': '&lt;', '&': '&amp;', '>': '&gt;' })[c] ?? c);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}" ` +
    `style="background:${bg};color:${color};font-family:system-ui,sans-serif">` +
    `<rect width="100%" height="100%" fill="${bg}"/><text x="0" y="16" font-size="14" fill="${color}">${esc}</text>` +
    parts.join('') +
    `</svg>`;
  return { svg, width, height: y };
}

export async function svgToPng(svg: string, width: number, height: number, scale = 2): Promise<Blob> {
  const img = new Image();
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    await new Promise<void>((ok, fail) => {
      img.onload = () => ok();
      img.onerror = () => fail(new Error('could not rasterise the figure'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(width * scale);
    canvas.height = Math.ceil(height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2-D canvas');
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0);
    return await new Promise<Blob>((ok, fail) => canvas.toBlob((b) => (b ? ok(b) : fail(new Error('PNG export failed'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Downloads a widget's figure as SVG or PNG, or its data as CSV. */
export async function exportWidget(kind: 'csv' | 'svg' | 'png', output: HTMLElement, id: string, title: string, csv: () => string): Promise<void> {
  if (kind === 'csv') return download(`${id}.csv`, new Blob([csv()], { type: 'text/csv' }));
  const { svg, width, height } = chartsToSvg(output, title);
  if (kind === 'svg') return download(`${id}.svg`, new Blob([svg], { type: 'image/svg+xml' }));
  download(`${id}.png`, await svgToPng(svg, width, height));
}

/** Shows the link in `box` and tries the clipboard; returns the status line for the reader. */
export async function shareLink(url: string, box: HTMLInputElement | null): Promise<string> {
  if (box) {
    box.value = url;
    box.hidden = false;
  }
  try {
    await navigator.clipboard.writeText(url);
    return 'Link copied: it reproduces these settings and this seed.';
  } catch {
    box?.select();
    return 'Copy the link from the box below (the clipboard is not available here).';
  }
}
