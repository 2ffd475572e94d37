const D = '/work/main/dist/src/';
const { readImportRecords } = await import(D + 'inventory/import/import-file-reader.js');
const { validateImportRow } = await import(D + 'inventory/import/import-row.validator.js');
let t = performance.now(); let n = 0;
for await (const r of readImportRecords(process.argv[2], 'json')) { validateImportRow(r, n, false); n++; }
console.log('parse+validate', n, performance.now() - t);
t = performance.now();
const fs = await import('node:fs');
const all = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
console.log('JSON.parse whole', all.items.length, performance.now() - t);
