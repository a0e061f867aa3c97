/**
 * DPT's trainable prompt on the frozen tiny LM (tfjs): P = A·B, factors drawn U(−α, α) with α from
 * `factorInitScale` so that rms(A·B) matches the token-embedding RMS. See decomposed-prompt-tuning.ts.
 */
import type { Rng } from '../core/rng';
import { tf } from '../labs/tf/backend';
import { mm } from '../labs/tiny-lm/matmul';
import type { TinyLm } from '../labs/tiny-lm/model';
import { embeddingRms, type PromptMethod } from '../labs/tiny-lm/prompt-tuning';
import { dptParams, factorInitScale } from './decomposed-prompt-tuning';

/** A DPT prompt on the frozen tiny LM: P = A·B with A [k, b], B [b, d]. `scale` multiplies α (exercise 3). */
export function lowRankPrompt(model: TinyLm, k: number, b: number, rng: Rng, scale = 1, name = `DPT (b=${b})`): PromptMethod {
  const d = model.config.dModel;
  const alpha = factorInitScale(embeddingRms(model), b) * scale;
  const draw = (n: number) => Float32Array.from({ length: n }, () => rng.uniform(-alpha, alpha));
  const a = tf.tidy(() => tf.variable(tf.tensor2d(draw(k * b), [k, b]), true));
  const bb = tf.tidy(() => tf.variable(tf.tensor2d(draw(b * d), [b, d]), true));
  return {
    name,
    variables: [a, bb],
    paramCount: dptParams(k, b, d),
    length: k,
    prompt: () => mm(a as tf.Tensor2D, bb),
    dispose: () => {
      a.dispose();
      bb.dispose();
    },
  };
}

