/** Number formatting shared by the online-softmax widgets. */

/** Numbers for readouts: non-finite values spelled out, very small or large ones in exponent form. */
export function fmt(v: number, digits = 4): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '∞';
  if (v === -Infinity) return '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a < 1e-3 || a >= 1e6 ? v.toExponential(2) : String(Number(v.toPrecision(digits)));
}
