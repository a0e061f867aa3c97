// A small static file server for tests, screenshots and benchmarks (astro preview allows only one
// server per project). Serves DIR under BASE like a static host would: index.html for folders,
// 404.html for missing files. Usage: node scripts/serve.mjs [--dir dist] [--port 4329] [--base /]
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const dir = arg('dir', process.env.OUT_DIR ?? 'dist');
const port = Number(arg('port', process.env.E2E_PORT ?? 4329));
const base = arg('base', process.env.BASE_PATH ?? '/').replace(/\/?$/, '/');

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json', '.xml': 'application/xml',
  '.wasm': 'application/wasm', '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf', '.txt': 'text/plain',
  '.pf_meta': 'application/octet-stream', '.pf_index': 'application/octet-stream', '.pf_fragment': 'application/octet-stream', '.pagefind': 'application/octet-stream',
};

async function file(path) {
  try {
    const s = await stat(path);
    if (s.isDirectory()) return file(join(path, 'index.html'));
    return { body: await readFile(path), type: TYPES[extname(path)] ?? 'application/octet-stream' };
  } catch {
    return null;
  }
}

createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  const path = decodeURIComponent(url.pathname);
  if (!path.startsWith(base) && `${path}/` !== base) {
    res.writeHead(404).end('outside the base path');
    return;
  }
  const rel = normalize(path.slice(base.length - 1)).replace(/^(\.\.[/\\])+/, '');
  const hit = (await file(join(dir, rel))) ?? (await file(join(dir, `${rel}.html`)));
  if (hit) {
    res.writeHead(200, { 'content-type': hit.type, 'cache-control': 'no-cache' }).end(hit.body);
    return;
  }
  const nf = await file(join(dir, '404.html'));
  res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end(nf?.body ?? 'not found');
}).listen(port, '127.0.0.1', () => console.log(`serving ${dir} at http://127.0.0.1:${port}${base}`));
