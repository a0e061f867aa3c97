/** Number formatting shared by the MLC STT-RAM widgets. */

/** Cell states as hard·2 + soft. */
export const STATE_NAMES = ['00', '01', '10', '11'] as const;

/** A weight value for reading: −0, ±∞ and NaN spelled out, otherwise up to 6 significant digits. */
export function fmtValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+∞';
  if (v === -Infinity) return '−∞';
  if (Object.is(v, -0)) return '−0';
  const s = Math.abs(v) >= 1e-4 && Math.abs(v) < 1e6 ? String(Number(v.toPrecision(6))) : v.toExponential(3);
  return s.replace('-', '−');
}

export function hex(h: number): string {
  return `0x${(h & 0xffff).toString(16).toUpperCase().padStart(4, '0')}`;
}

export const pct = (x: number, digits = 1) => `${(100 * x).toFixed(digits)}%`;

/** An error rate such as 1e-3 as "10⁻³" or 3e-4 as "3·10⁻⁴". */
export function fmtRate(r: number): string {
  const sup: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };
  const e = Math.floor(Math.log10(r) + 1e-9);
  const m = Math.round(r / 10 ** e);
  const pow = `10${String(e).replace(/./g, (c) => sup[c] ?? c)}`;
  return m === 1 ? pow : `${m}·${pow}`;
}
