import { readFileSync } from 'node:fs';
const s = readFileSync('/tmp/bbprof/i100k.json', 'utf8');
function loop(buf) { let n = 0, inString = false, depth = 0; const L = buf.length;
  for (let i = 0; i < L; i++) { const c = buf.charCodeAt(i);
    if (inString) { if (c === 92) i++; else if (c === 34) inString = false; }
    else if (c === 34) inString = true; else if (c === 123 || c === 91) depth++; else if (c === 125 || c === 93) { depth--; if (depth === 1) n++; } }
  return n; }
function idx(buf) { let n = 0, depth = 0; const L = buf.length; const re = /["{}\[\]]/g; let i = 0;
  for (;;) { re.lastIndex = i; const m = re.exec(buf); if (!m) break; const c = buf.charCodeAt(m.index);
    if (c === 34) { let q = m.index; for (;;) { q = buf.indexOf('"', q + 1); let k = q - 1, sl = 0; while (buf.charCodeAt(k) === 92) { sl++; k--; } if (sl % 2 === 0) break; } i = q + 1; }
    else if (c === 123 || c === 91) { depth++; i = m.index + 1; } else { depth--; if (depth === 1) n++; i = m.index + 1; } }
  return n; }
function parseEach(buf) { let t = 0; return t; }
for (let r = 0; r < 3; r++) {
  let t = performance.now(); const a = loop(s); const t1 = performance.now() - t;
  t = performance.now(); const b = idx(s); const t2 = performance.now() - t;
  t = performance.now(); JSON.parse(s); const t3 = performance.now() - t;
  console.log(a, b, 'loop', t1.toFixed(0), 'regex+indexOf', t2.toFixed(0), 'JSON.parse', t3.toFixed(0));
}
