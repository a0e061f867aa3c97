/**
 * Instruction drift on the tiny LM. A dialog is `<bos> [SYS] speak L [/SYS]` followed by `n` earlier
 * exchanges `U: <clause in L'> B: <same clause in L>` and a final `U: <clause c in L'> B:`; the
 * model should answer with c in the system language L (as in corpus spec v1's dialog documents).
 * We score three continuations of the final `B:` by their summed log-probabilities:
 *   right   = c in L (what the system prompt asks for),
 *   drifted = c in L' (the user's language),
 *   other   = another clause c' in L (right language, wrong content).
 * Adherence = share of dialogs where right beats drifted; capability = share where right beats other
 * (does the bot still read what the user said?). With γ < 1 the split-softmax hook is applied.
 */
import type { Rng } from '../core/rng';
import { tf } from '../labs/tf/backend';
import { LANGUAGES, clauseIn, type Language } from '../labs/tiny-lm/languages';
import { simpleClause } from '../labs/tiny-lm/frames';
import { forward, logitsOf, type TinyLm } from '../labs/tiny-lm/model';
import { padBatch } from '../labs/tiny-lm/lm-ops';
import { encode } from '../labs/tiny-lm/tokenizer';
import { splitSoftmaxHook } from './split-softmax-tf';

/** The four most frequent languages of the corpus (the model knows them best). */
export const DRIFT_LANGUAGES: readonly Language[] = LANGUAGES.slice(0, 4);
/** `<bos> [SYS] speak L [/SYS]`: positions 1–4 are the system prompt (BOS, an attention sink, is excluded). */
export const SYS_POSITIONS = [1, 2, 3, 4] as const;

export interface DriftDialog {
  bot: string;
  user: string;
  /** Exchanges before the final user turn. */
  history: number;
  /** Token ids up to and including the final `B:`. */
  context: number[];
  /** Dialog tokens between `[/SYS]` and the final `B:` (inclusive of the final `U:` turn). */
  dialogTokens: number;
  right: number[];
  drifted: number[];
  other: number[];
}

/**
 * One dialog seen at every history length 0..maxHistory: the same languages, the same final user
 * turn and the same three replies, with the first h earlier exchanges in front (a paired design,
 * so the lengths differ only by the history). Null if the longest version does not fit the context.
 */
export function makeDialog(rng: Rng, maxHistory: number, context = 64): DriftDialog[] | null {
  const bi = rng.int(DRIFT_LANGUAGES.length);
  const ui = (bi + 1 + rng.int(DRIFT_LANGUAGES.length - 1)) % DRIFT_LANGUAGES.length;
  const bot = DRIFT_LANGUAGES[bi];
  const user = DRIFT_LANGUAGES[ui];
  const exchanges: string[][] = [];
  for (let i = 0; i < maxHistory; i++) {
    const c = simpleClause(rng);
    exchanges.push(['U:', ...clauseIn(user, c), 'B:', ...clauseIn(bot, c)]);
  }
  const c = simpleClause(rng);
  let c2 = simpleClause(rng);
  while (clauseIn(bot, c2).join(' ') === clauseIn(bot, c).join(' ')) c2 = simpleClause(rng);
  const right = encode(clauseIn(bot, c));
  const drifted = encode(clauseIn(user, c));
  const other = encode(clauseIn(bot, c2));
  const out: DriftDialog[] = [];
  for (let h = 0; h <= maxHistory; h++) {
    const toks = ['<bos>', '[SYS]', 'speak', bot.name, '[/SYS]', ...exchanges.slice(0, h).flat(), 'U:', ...clauseIn(user, c), 'B:'];
    if (toks.length + Math.max(right.length, drifted.length, other.length) > context) return null;
    out.push({ bot: bot.name, user: user.name, history: h, context: encode(toks), dialogTokens: toks.length - 5, right, drifted, other });
  }
  return out;
}

/** `k` paired dialogs (redrawn until the longest version fits); result[h] holds the k dialogs with h earlier exchanges. */
export function makeDialogs(rng: Rng, maxHistory: number, k: number): DriftDialog[][] {
  const out: DriftDialog[][] = Array.from({ length: maxHistory + 1 }, () => []);
  let n = 0;
  for (let tries = 0; n < k && tries < 50 * k; tries++) {
    const d = makeDialog(rng, maxHistory);
    if (!d) continue;
    d.forEach((x, h) => out[h].push(x));
    n++;
  }
  if (n < k) throw new Error(`only ${n} dialogs with ${maxHistory} exchanges fit the context`);
  return out;
}

export interface DriftScore {
  /** Share of dialogs whose right reply (c in L) outscores the drifted one (c in L'). */
  adherence: number;
  /** Share of dialogs whose right reply outscores the right-language reply to another clause. */
  content: number;
  /** Mean log-probability margin log p(right) − log p(drifted), in nats. */
  margin: number;
  /** Mean attention share on the system-prompt keys at the reply queries (all heads, scored layers). */
  sysShare: number;
  /** Per layer and head (layer-major), the same share. */
  sysShareHeads: number[];
  meanDialogTokens: number;
}

/**
 * Scores `dialogs` with split-softmax at exponent `gamma` on `layers` (γ = 1: the plain model).
 * One forward pass over all 3·K continuations; returns plain numbers (runs its own `tf.tidy`).
 */
export function scoreDialogs(m: TinyLm, dialogs: readonly DriftDialog[], gamma: number, layers: readonly number[]): DriftScore {
  const rows: number[][] = [];
  for (const d of dialogs) for (const r of [d.right, d.drifted, d.other]) rows.push([...d.context, ...r]);
  const { ids, lengths, len } = padBatch(rows);
  const b = rows.length;
  const mask = new Float32Array(b * len);
  for (let i = 0; i < b; i++) for (const p of SYS_POSITIONS) mask[i * len + p] = 1;
  const { nL, nH } = { nL: m.config.nLayers, nH: m.config.nHeads };
  const v = m.config.vocabSize;
  // Only the positions that predict reply tokens need logits: row i, positions from−1 .. length−2.
  const at: number[] = [];
  const base: number[] = [];
  rows.forEach((_, i) => {
    base.push(at.length);
    const from = dialogs[Math.floor(i / 3)].context.length;
    for (let j = from; j < lengths[i]; j++) at.push(i * len + j - 1);
  });
  const [lp, att] = tf.tidy(() => {
    const x = tf.tensor2d(ids, [b, len], 'int32');
    const { hidden, attention } = forward(m, x, { attentionHook: splitSoftmaxHook(mask, b, len, gamma, layers), collect: { attention: true } });
    const h = tf.gather(tf.reshape(hidden, [b * len, m.config.dModel]), tf.tensor1d(at, 'int32')) as tf.Tensor2D;
    const logp = tf.logSoftmax(logitsOf(m, h));
    // System share per [layer, B, H, T] (keys summed over the system block).
    const share = tf.stack(attention!.map((a) => tf.sum(tf.mul(a, tf.tensor4d(mask, [b, 1, 1, len])), -1)));
    return [logp.dataSync(), share.dataSync()] as const;
  });
  const lpOf = (i: number, from: number) => {
    let s = 0;
    for (let j = from; j < lengths[i]; j++) s += lp[(base[i] + j - from) * v + rows[i][j]];
    return s;
  };
  let adh = 0, content = 0, margin = 0, toks = 0;
  const heads = new Array(nL * nH).fill(0);
  let nq = 0;
  dialogs.forEach((d, k) => {
    const from = d.context.length;
    const [r, dr, o] = [0, 1, 2].map((j) => lpOf(3 * k + j, from));
    if (r > dr) adh++;
    if (r > o) content++;
    margin += r - dr;
    toks += d.dialogTokens;
    // Reply queries of the right continuation: the final `B:` and the reply tokens before the last.
    const row = 3 * k;
    for (let q = from - 1; q < lengths[row] - 1; q++) {
      for (let l = 0; l < nL; l++) for (let h = 0; h < nH; h++) heads[l * nH + h] += att[((l * b + row) * nH + h) * len + q];
      nq++;
    }
  });
  const n = dialogs.length;
  const sysShareHeads = heads.map((x) => x / nq);
  return { adherence: adh / n, content: content / n, margin: margin / n, sysShare: sysShareHeads.reduce((a, x) => a + x, 0) / sysShareHeads.length, sysShareHeads, meanDialogTokens: toks / n };
}
