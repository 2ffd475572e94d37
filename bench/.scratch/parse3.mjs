const D = '/work/main/dist/src/';
const { readImportBatches } = await import(D + 'inventory/import/import-file-reader.js');
const { validateImportRow } = await import(D + 'inventory/import/import-row.validator.js');
for (let rep = 0; rep < 3; rep++) {
let t = performance.now(); let n = 0;
for await (const b of readImportBatches(process.argv[2], 'json')) { for (const r of b) { validateImportRow(r, n, false); n++; } }
console.log('parse+validate', n, (performance.now() - t).toFixed(0));
}
