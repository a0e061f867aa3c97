/** Checks on values coming back from a run, kept apart from the DOM code so Vitest can test them. */

/** Finds the first non-finite number in a (shallow or nested) delta, for the NaN/Inf guard. */
export function findNonFinite(x: unknown, path = 'value', depth = 0): string | null {
  if (typeof x === 'number') return Number.isFinite(x) ? null : path;
  if (depth > 4 || x === null || typeof x !== 'object') return null;
  if (ArrayBuffer.isView(x)) {
    const arr = x as unknown as ArrayLike<number>;
    for (let i = 0; i < arr.length; i++) if (!Number.isFinite(arr[i])) return `${path}[${i}]`;
    return null;
  }
  for (const [k, v] of Object.entries(x)) {
    const hit = findNonFinite(v, `${path}.${k}`, depth + 1);
    if (hit) return hit;
  }
  return null;
}

