const D = '/work/main/dist/src/';
const { readImportRecords, sniffFormat } = await import(D + 'inventory/import/import-file-reader.js');
console.log(await sniffFormat('/tmp/bom.json'));
try { for await (const r of readImportRecords('/tmp/bom.json', 'json')) console.log(r); } catch (e) { console.log('ERR', e.message); }
