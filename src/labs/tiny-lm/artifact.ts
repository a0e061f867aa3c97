/**
 * The pretrained checkpoint on disk (`public/labs/tiny-lm/v1/`): `weights.bin` holds float32
 * little-endian arrays in `paramShapes` order; `manifest.json` describes them (LABS.md §1.3).
 * Parsing is pure (an ArrayBuffer in, weights out), so Node tests and the browser share it.
 */
import { TINY_LM_CONFIG, paramShapes, type TinyLmConfig, type TinyLmWeights } from './model';

export const ARTIFACT_DIR = 'labs/tiny-lm/v1';

export interface TinyLmManifest {
  name: 'softlab-tiny-lm';
  version: 'v1';
  config: TinyLmConfig;
  params: { name: string; shape: number[] }[];
  dtype: 'float32';
  bytes: number;
  /** FNV-1a 32 of weights.bin, hex. */
  checksum: string;
  tfjs: string;
  backend: string;
  corpus: { spec: string; hash: string; vocabulary: string[]; grammar: unknown[]; languages: { name: string; order: string; share: number }[] };
  pretraining: Record<string, unknown>;
  results: { trainLoss: number; heldoutLoss: number; heldoutPerplexity: number; wallSeconds?: number; load?: string };
  probes: Record<string, unknown>;
}

/** FNV-1a 32-bit hash of bytes, as 8 hex digits. */
export function checksumBytes(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** Serialises weights into one buffer in parameter order. */
export function weightsToBytes(w: TinyLmWeights, c: TinyLmConfig = TINY_LM_CONFIG): Uint8Array {
  const shapes = paramShapes(c);
  const total = shapes.reduce((a, [, s]) => a + s.reduce((x, y) => x * y, 1), 0);
  const all = new Float32Array(total);
  let o = 0;
  for (const [name] of shapes) {
    all.set(w[name], o);
    o += w[name].length;
  }
  return new Uint8Array(all.buffer);
}

/** Parses weights.bin (checks size and, if given, the checksum). */
export function weightsFromBytes(bytes: Uint8Array, c: TinyLmConfig = TINY_LM_CONFIG, checksum?: string): TinyLmWeights {
  if (checksum && checksumBytes(bytes) !== checksum) throw new Error('tiny-LM weights: checksum mismatch');
  const copy = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(copy.buffer).set(bytes);
  const out: TinyLmWeights = {};
  let o = 0;
  for (const [name, shape] of paramShapes(c)) {
    const n = shape.reduce((x, y) => x * y, 1);
    out[name] = copy.slice(o, o + n);
    o += n;
  }
  if (o !== copy.length) throw new Error(`tiny-LM weights: expected ${o} floats, got ${copy.length}`);
  return out;
}

/** Fetches manifest and weights from the site (browser); `base` is the site's base URL. */
export async function fetchArtifact(base: string): Promise<{ manifest: TinyLmManifest; weights: TinyLmWeights }> {
  const root = `${base.endsWith('/') ? base : `${base}/`}${ARTIFACT_DIR}/`;
  const manifest = (await (await fetch(`${root}manifest.json`)).json()) as TinyLmManifest;
  const buf = new Uint8Array(await (await fetch(`${root}weights.bin`)).arrayBuffer());
  return { manifest, weights: weightsFromBytes(buf, manifest.config, manifest.checksum) };
}
