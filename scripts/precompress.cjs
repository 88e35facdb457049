// Writes a brotli (.br, quality 11) and a gzip (.gz, level 9) copy beside every text and wasm file
// of the built site, for the server to send as they are (src/server/assets.rs) instead of
// compressing on every request. Copies that would not be smaller are not kept, and copies whose
// file is gone are removed. Node's zlib runs the work on its thread pool, so it uses every core.
// Usage: node precompress.cjs SITE_DIR
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { promisify } = require('util');

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
const KINDS = new Set(['.wasm', '.js', '.mjs', '.css', '.svg', '.html', '.json', '.txt', '.xml', '.ics']);
const COPIES = ['.br', '.gz'];

function files(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : [p];
  });
}

async function main() {
  const root = process.argv[2];
  if (!root || !fs.existsSync(root)) {
    console.error('usage: node precompress.cjs SITE_DIR');
    process.exit(2);
  }
  const all = files(root);
  let removed = 0;
  for (const f of all) {
    if (COPIES.includes(path.extname(f)) && !fs.existsSync(f.slice(0, -path.extname(f).length))) {
      fs.unlinkSync(f);
      removed++;
    }
  }
  const todo = all.filter((f) => KINDS.has(path.extname(f)));
  let raw = 0;
  let br = 0;
  let gz = 0;
  const one = async (f) => {
    const data = fs.readFileSync(f);
    const [b, g] = await Promise.all([
      brotli(data, {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
        },
      }),
      gzip(data, { level: 9 }),
    ]);
    raw += data.length;
    for (const [ext, out] of [['.br', b], ['.gz', g]]) {
      if (out.length < data.length) {
        fs.writeFileSync(f + ext, out);
      } else if (fs.existsSync(f + ext)) {
        fs.unlinkSync(f + ext);
      }
    }
    br += Math.min(b.length, data.length);
    gz += Math.min(g.length, data.length);
  };
  // The largest first, a few at a time (zlib's pool has four threads).
  todo.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size);
  let next = 0;
  const lane = async () => {
    while (next < todo.length) await one(todo[next++]);
  };
  await Promise.all([lane(), lane(), lane(), lane()]);
  const kb = (n) => `${Math.round(n / 1024).toLocaleString('en-US')} KB`;
  console.log(`precompressed ${todo.length} files: ${kb(raw)} -> ${kb(br)} brotli, ${kb(gz)} gzip` +
    (removed ? ` (${removed} copies of removed files deleted)` : ''));
}

main().catch((e) => {
  console.error(e.stack || e);
  process.exit(1);
});
