/**
 * Reading the committed checkpoint from disk in Node (tests, scripts). The browser uses
 * `fetchArtifact` in `artifact.ts` instead.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACT_DIR, weightsFromBytes, type TinyLmManifest } from './artifact';
import type { TinyLmWeights } from './model';

/** `publicDir` is the site's public/ folder. */
export function readCheckpoint(publicDir: string): { manifest: TinyLmManifest; weights: TinyLmWeights } {
  const dir = join(publicDir, ARTIFACT_DIR);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as TinyLmManifest;
  const weights = weightsFromBytes(new Uint8Array(readFileSync(join(dir, 'weights.bin'))), manifest.config, manifest.checksum);
  return { manifest, weights };
}
