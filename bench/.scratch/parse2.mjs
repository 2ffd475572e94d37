const D = '/work/main/dist/src/';
const { readImportRecords } = await import(D + 'inventory/import/import-file-reader.js');
const { validateImportRow } = await import(D + 'inventory/import/import-row.validator.js');
for (let rep = 0; rep < 3; rep++) {
let t = performance.now(); let n = 0; const recs = [];
for await (const r of readImportRecords(process.argv[2], 'json')) { recs.push(r); n++; }
const tp = performance.now() - t;
t = performance.now();
for (let i = 0; i < recs.length; i++) validateImportRow(recs[i], i, false);
console.log('parse', n, tp.toFixed(0), 'validate', (performance.now() - t).toFixed(0));
}
