/** Capability probes of the pretrained tiny LM (filled in below). */
import type { TinyLm } from './model';

export function runProbes(_m: TinyLm): Record<string, unknown> {
  return {};
}
