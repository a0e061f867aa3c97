/**
 * Split-softmax (Li et al., COLM 2024, "Measuring and Controlling Instruction (In)Stability in
 * Language Model Dialogs"): the closed forms behind the lesson, in plain numbers (no tfjs).
 *
 * - `systemShare(s, t, delta)`: the attention share π of s system tokens whose scores beat t
 *   dialog tokens' by delta: π = s·e^δ / (s·e^δ + t).
 * - `splitShare(pi, gamma)`: split-softmax's new share π' = π^γ (0 < γ ≤ 1; γ = 1 is the identity).
 * - `splitSoftmaxRow(row, isSys, gamma)`: one attention row reweighted so the system block holds π'
 *   and everything else 1 − π', each block keeping its internal proportions.
 */

/** Share of attention on s system tokens among s + t keys, when system scores exceed the others by delta. */
export function systemShare(s: number, t: number, delta = 0): number {
  const a = s * Math.exp(delta);
  return a / (a + t);
}

/** π^γ, leaving the end points 0 and 1 where they are. */
export function splitShare(pi: number, gamma: number): number {
  if (pi <= 0 || pi >= 1) return pi;
  return Math.pow(pi, gamma);
}

/**
 * Split-softmax on one post-softmax attention row. `isSys[i]` marks system-prompt keys. Rows with
 * no mass on the system block, or all of it, come back unchanged (nothing to split).
 */
export function splitSoftmaxRow(row: readonly number[], isSys: readonly boolean[], gamma: number): number[] {
  let pi = 0;
  row.forEach((a, i) => {
    if (isSys[i]) pi += a;
  });
  if (pi <= 0 || pi >= 1) return row.slice();
  const p2 = splitShare(pi, gamma);
  const inS = p2 / pi;
  const out = (1 - p2) / (1 - pi);
  return row.map((a, i) => a * (isSys[i] ? inS : out));
}

/** The smallest integer dialog length t at which the (optionally split) system share drops below `level`. */
export function lengthBelow(level: number, s: number, delta = 0, gamma = 1): number {
  // π(t)^γ < level  ⇔  π(t) < level^{1/γ}  ⇔  t > s·e^δ·(1/λ − 1) with λ = level^{1/γ}.
  const lam = Math.pow(level, 1 / gamma);
  const tStar = s * Math.exp(delta) * (1 / lam - 1);
  let t = Math.max(0, Math.floor(tStar) + 1);
  // Correct the floating-point edge (t* is often an integer in exact arithmetic).
  const share = (n: number) => splitShare(systemShare(s, n, delta), gamma);
  while (t > 0 && share(t - 1) < level) t--;
  while (share(t) >= level) t++;
  return t;
}
