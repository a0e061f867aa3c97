// Copies the tfjs wasm binaries into public/ so the site serves them under its own base path.
import { copyFileSync, mkdirSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export function copyWasm(dest) {
  const src = 'node_modules/@tensorflow/tfjs-backend-wasm/dist';
  if (!existsSync(src)) return;
  mkdirSync(dest, { recursive: true });
  for (const f of readdirSync(src)) if (f.endsWith('.wasm')) copyFileSync(join(src, f), join(dest, f));
}

if (import.meta.url === `file://${process.argv[1]}`) copyWasm('public/tfjs');
