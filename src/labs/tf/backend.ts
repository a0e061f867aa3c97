/**
 * The one entry point to tfjs for labs and techniques (import `tf` from here).
 * Picks the tfjs backend once per thread: wasm (fast for small models; files self-hosted under the
 * site's base path) and, if it cannot start, cpu. Tests in Node may ask for cpu directly.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-core alone registers no gradients (the full tfjs bundle does); training needs them.
// Labs import `tf` from here so this happens once, before any training code runs.
import '@tensorflow/tfjs-core/dist/register_all_gradients';

export type BackendName = 'wasm' | 'cpu';

let ready: Promise<BackendName> | null = null;

/** URL folder of the wasm binaries, from the site's base path (see scripts/copy-wasm.mjs). */
export function wasmFolder(base: string): string {
  return `${base.endsWith('/') ? base : `${base}/`}tfjs/`;
}

const inNode = typeof process !== 'undefined' && !!process.versions?.node;

async function tryWasm(): Promise<boolean> {
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    if (!inNode) wasm.setWasmPaths(wasmFolder(import.meta.env.BASE_URL ?? '/'));
    return await tf.setBackend('wasm');
  } catch {
    return false;
  }
}

/** Initialises tfjs with the preferred backend (falls back to cpu) and returns the one in use. */
export function initTf(prefer: BackendName = 'wasm'): Promise<BackendName> {
  if (!ready) {
    ready = (async () => {
      if (prefer === 'wasm' && (await tryWasm())) {
        await tf.ready();
        return 'wasm';
      }
      await tf.setBackend('cpu');
      await tf.ready();
      return 'cpu';
    })();
  }
  return ready;
}

export { tf };
