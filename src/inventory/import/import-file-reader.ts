import { parse as parseCsv } from 'csv-parse';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Assembler } from 'stream-json/assembler.js';
import { parserStream } from 'stream-json';

export type ImportFormat = 'json' | 'csv';

/** A problem with the file as a whole (not one row): malformed JSON, no items array, empty file, bad CSV header. */
export class ImportFileError extends Error {}

interface Token {
  name: string;
  value?: string;
}

/** The original Django BlockShelf CSV header; name, part_id and color are the ones an import needs. */
export const CSV_COLUMNS = ['name', 'part_id', 'color', 'quantity_total', 'quantity_used', 'storage_location', 'image_url', 'notes', 'created_at', 'updated_at'];
const REQUIRED_CSV_COLUMNS = ['name', 'part_id', 'color'];

/** JSON when the first meaningful character is { or [, otherwise CSV. */
export async function sniffFormat(path: string): Promise<ImportFormat> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4096), 0, 4096, 0);
    const head = buffer.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '').trimStart();
    if (head.length === 0) throw new ImportFileError('The file is empty');
    return head[0] === '{' || head[0] === '[' ? 'json' : 'csv';
  } finally {
    await handle.close();
  }
}

/**
 * Streams the records of an inventory file, one at a time, in constant memory:
 * the `items` of the inventory JSON, the elements of a bare array, or the rows
 * of the original CSV (as objects keyed by header).
 */
export async function* readImportRecords(path: string, format: ImportFormat): AsyncGenerator<unknown> {
  if (format === 'csv') yield* readCsv(path);
  else yield* readJson(path);
}

async function* readCsv(path: string): AsyncGenerator<Record<string, string>> {
  const parser = createReadStream(path).pipe(
    parseCsv({ bom: true, columns: (header: string[]) => checkCsvHeader(header), skip_empty_lines: true, relax_column_count: false }),
  );
  try {
    for await (const record of parser) yield record as Record<string, string>;
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    throw new ImportFileError(`Malformed CSV: ${(error as Error).message}`);
  }
}

function checkCsvHeader(header: string[]): string[] {
  const names = header.map((h) => h.trim().toLowerCase());
  const missing = REQUIRED_CSV_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length) throw new ImportFileError(`CSV header is missing column(s): ${missing.join(', ')} (expected ${CSV_COLUMNS.join(',')})`);
  return names;
}

async function* readJson(path: string): AsyncGenerator<unknown> {
  const tokens = createReadStream(path).pipe(parserStream({ streamValues: false }));
  let depth = 0;
  let topLevel: 'object' | 'array' | undefined;
  let key: string | undefined;
  let itemsDepth = -1; // depth of the array whose elements are the items
  let sawItems = false;
  let asm: Assembler | undefined;
  try {
    for await (const token of tokens as AsyncIterable<Token>) {
      if (asm) {
        asm.consume(token as never);
        if (asm.done) {
          yield asm.current;
          asm = undefined;
        }
        continue;
      }
      if (depth === 0 && !topLevel) {
        if (token.name === 'startObject') topLevel = 'object';
        else if (token.name === 'startArray') {
          topLevel = 'array';
          itemsDepth = 1;
          sawItems = true;
        } else throw new ImportFileError('Expected the inventory JSON object or an array of items');
      }
      // An element of the items array starts: assemble just this element.
      if (depth === itemsDepth && token.name !== 'endArray') {
        asm = new Assembler();
        asm.consume(token as never);
        if (asm.done) {
          yield asm.current;
          asm = undefined;
        }
        continue;
      }
      switch (token.name) {
        case 'startObject':
        case 'startArray':
          if (depth === 1 && topLevel === 'object' && key === 'items') {
            if (token.name !== 'startArray') throw new ImportFileError('"items" must be an array');
            itemsDepth = 2;
            sawItems = true;
          }
          depth++;
          key = undefined;
          break;
        case 'endObject':
        case 'endArray':
          depth--;
          if (depth === itemsDepth - 1) itemsDepth = -1;
          break;
        case 'keyValue':
          key = token.value;
          break;
        default:
          if (depth === 1 && topLevel === 'object' && key === 'items') throw new ImportFileError('"items" must be an array');
          key = undefined;
      }
    }
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    throw new ImportFileError(`Malformed JSON: ${(error as Error).message}`);
  }
  if (!topLevel) throw new ImportFileError('The file is empty');
  if (!sawItems) throw new ImportFileError('The JSON object has no "items" array');
}
