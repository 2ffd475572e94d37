import { readFileSync } from 'node:fs';
const s = readFileSync('/tmp/bbprof/i100k.json', 'utf8');
function loop(buf, from, to) { let n = 0, inString = false, depth = 0;
  for (let i = from; i < to; i++) { const c = buf.charCodeAt(i);
    if (inString) { if (c === 92) i++; else if (c === 34) inString = false; }
    else if (c === 34) inString = true; else if (c === 123 || c === 91) depth++; else if (c === 125 || c === 93) { depth--; if (depth === 1) n++; } }
  return n; }
const CH = 262144;
for (let r = 0; r < 3; r++) {
  // chunks as in the reader: carry (small) + chunk
  let t = performance.now();
  for (let off = 0; off < s.length; off += CH) { const b = s.slice(Math.max(0, off - 300), off) + s.slice(off, off + CH); loop(b, 0, b.length); }
  const t1 = performance.now() - t;
  t = performance.now();
  for (let off = 0; off < s.length; off += CH) { let b = s.slice(Math.max(0, off - 300), off) + s.slice(off, off + CH); b = Buffer.from(b).toString(); loop(b, 0, b.length); }
  const t2 = performance.now() - t;
  t = performance.now();
  for (let off = 0; off < s.length; off += CH) { let b = s.slice(Math.max(0, off - 300), off) + s.slice(off, off + CH); b.charCodeAt(0); b = b.slice(0); loop(b, 0, b.length); }
  const t3 = performance.now() - t;
  console.log('cons', t1.toFixed(0), 'reencoded', t2.toFixed(0), 'flatten-touch', t3.toFixed(0));
}
