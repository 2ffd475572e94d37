import { parse as parseCsv } from 'csv-parse';
import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline, Transform } from 'node:stream';
import { readXlsxRows, XlsxFileError } from './xlsx-reader.js';
/** A problem with the file as a whole (not one row): malformed JSON, no items array, empty file, bad header, invalid UTF-8, an unreadable workbook. */
export class ImportFileError extends Error {
    code;
    constructor(message, code = 'malformed') {
        super(message);
        this.code = code;
    }
}
/** The original Django BlockShelf CSV header; name, part_id and color are the ones an import needs. */
export const CSV_COLUMNS = [
    'name',
    'part_id',
    'color',
    'quantity_total',
    'quantity_used',
    'storage_location',
    'image_url',
    'notes',
    'created_at',
    'updated_at',
];
const REQUIRED_CSV_COLUMNS = ['name', 'part_id', 'color'];
const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
/** By content, never by name: .xlsx by the ZIP signature, a legacy .xls (refused) by the OLE one; JSON when the first meaningful character is { or [, otherwise CSV. */
export async function sniffFormat(path) {
    const handle = await open(path, 'r');
    try {
        const { buffer, bytesRead } = await handle.read(Buffer.alloc(4096), 0, 4096, 0);
        const bytes = buffer.subarray(0, bytesRead);
        if (bytes.subarray(0, 4).equals(ZIP_SIGNATURE))
            return 'xlsx';
        if (bytes.subarray(0, 8).equals(OLE_SIGNATURE))
            throw new ImportFileError('Excel 97-2003 .xls files cannot be read: save it as .xlsx or .csv', 'unsupported');
        const head = bytes
            .toString('utf8')
            .replace(/^\uFEFF/, '')
            .trimStart();
        if (head.length === 0)
            throw new ImportFileError('The file is empty');
        return head[0] === '{' || head[0] === '[' ? 'json' : 'csv';
    }
    finally {
        await handle.close();
    }
}
/**
 * Streams the records of an inventory file in constant memory, a batch at a
 * time: the `items` of the inventory JSON, the elements of a bare array, or the
 * rows of the original CSV or of the first sheet of an .xlsx (as objects keyed
 * by header, every value text).
 */
export async function* readImportBatches(path, format, options = {}) {
    if (format === 'json') {
        yield* readJson(path);
        return;
    }
    let batch = [];
    const records = format === 'xlsx' ? readXlsx(path, options) : readCsv(path);
    for await (const record of records) {
        batch.push(record);
        if (batch.length === 1000) {
            yield batch;
            batch = [];
        }
    }
    if (batch.length)
        yield batch;
}
/** The same records one at a time. */
export async function* readImportRecords(path, format, options = {}) {
    for await (const batch of readImportBatches(path, format, options))
        yield* batch;
}
async function* readCsv(path) {
    const utf8 = new Utf8Check();
    const check = new Transform({
        transform(chunk, _encoding, done) {
            try {
                utf8.push(chunk);
                done(null, chunk);
            }
            catch (error) {
                done(error);
            }
        },
        flush(done) {
            try {
                utf8.end();
                done();
            }
            catch (error) {
                done(error);
            }
        },
    });
    const parser = parseCsv({ bom: true, columns: (header) => checkImportHeader(header, 'CSV'), skip_empty_lines: true, relax_column_count: false });
    // pipeline, not pipe: a UTF-8 error in the middle stream must reach the parser being iterated.
    pipeline(createReadStream(path), check, parser, () => { });
    try {
        for await (const record of parser)
            yield record;
    }
    catch (error) {
        if (error instanceof ImportFileError)
            throw error;
        throw new ImportFileError(`Malformed CSV: ${error.message}`);
    }
}
async function* readXlsx(path, options) {
    if (!options.xlsx)
        throw new Error('readImportBatches needs the xlsx limits to read an .xlsx');
    let columns;
    try {
        for await (const cells of readXlsxRows(path, options.xlsx)) {
            if (!columns) {
                columns = checkImportHeader(cells, 'Excel');
                continue;
            }
            const record = {};
            columns.forEach((name, i) => {
                if (name)
                    record[name] = cells[i] ?? '';
            });
            yield record;
        }
    }
    catch (error) {
        if (error instanceof XlsxFileError)
            throw new ImportFileError(error.message, error.tooLarge ? 'too_large' : 'malformed');
        throw error;
    }
    if (!columns)
        throw new ImportFileError('The first sheet of the workbook is empty (expected a header row)');
}
/**
 * The header of a CSV or of the first sheet: case-insensitive, spaces as
 * underscores ("Part ID" is part_id), any order; unknown columns are carried
 * along and ignored by the row validator.
 */
export function checkImportHeader(header, kind) {
    const names = header.map((h) => h.trim().toLowerCase().replace(/\s+/g, '_'));
    const missing = REQUIRED_CSV_COLUMNS.filter((c) => !names.includes(c));
    if (missing.length)
        throw new ImportFileError(`${kind} header is missing column(s): ${missing.join(', ')} (expected ${CSV_COLUMNS.join(',')})`);
    return names;
}
/**
 * Checks that a stream of bytes is UTF-8, chunk by chunk (the native isUtf8;
 * a sequence split between chunks is carried over), and names the byte offset
 * of the first invalid sequence instead of letting it become U+FFFD.
 */
export class Utf8Check {
    offset = 0;
    carry = Buffer.alloc(0);
    push(chunk) {
        const bytes = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
        const start = this.offset - this.carry.length;
        const whole = bytes.length - incompleteTail(bytes);
        if (!isUtf8(bytes.subarray(0, whole)))
            this.fail(start + firstInvalidUtf8(bytes.subarray(0, whole)));
        this.carry = Buffer.from(bytes.subarray(whole));
        this.offset += chunk.length;
    }
    end() {
        const lead = this.carry[0];
        if (this.carry.length)
            this.fail(this.offset - this.carry.length, lead >= 0xc2 && lead <= 0xf4 ? 'the file ends inside a multi-byte character' : undefined);
    }
    fail(at, why = 'an invalid byte sequence') {
        throw new ImportFileError(`The file is not valid UTF-8: ${why} at byte offset ${at} (save it as UTF-8)`);
    }
}
/** How many bytes at the end start a multi-byte sequence that the next chunk completes (0 to 3). */
function incompleteTail(bytes) {
    for (let back = 1; back <= Math.min(3, bytes.length); back++) {
        const byte = bytes[bytes.length - back];
        if ((byte & 0xc0) === 0x80)
            continue; // a continuation byte: look further back for its lead
        const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
        return needed > back ? back : 0;
    }
    return 0;
}
/** The index of the first byte that is not part of a well-formed UTF-8 sequence (the WHATWG decoder's rules), or the length. */
function firstInvalidUtf8(bytes) {
    let i = 0;
    while (i < bytes.length) {
        const b = bytes[i];
        if (b < 0x80) {
            i++;
            continue;
        }
        let needed;
        let low = 0x80;
        let high = 0xbf;
        if (b >= 0xc2 && b <= 0xdf)
            needed = 1;
        else if (b >= 0xe0 && b <= 0xef) {
            needed = 2;
            if (b === 0xe0)
                low = 0xa0; // overlong
            if (b === 0xed)
                high = 0x9f; // surrogates
        }
        else if (b >= 0xf0 && b <= 0xf4) {
            needed = 3;
            if (b === 0xf0)
                low = 0x90; // overlong
            if (b === 0xf4)
                high = 0x8f; // beyond U+10FFFF
        }
        else
            return i;
        for (let k = 1; k <= needed; k++) {
            const c = bytes[i + k];
            if (c === undefined)
                return i;
            if (k === 1 ? c < low || c > high : (c & 0xc0) !== 0x80)
                return i;
        }
        i += needed + 1;
    }
    return i;
}
/**
 * The JSON reader. Only the skeleton of the document (the top-level object and
 * the items array) is walked here, over the raw UTF-8 bytes (multi-byte
 * characters never contain an ASCII byte, so quotes and brackets are found
 * safely without decoding). Each run of complete items in a read chunk is then
 * decoded and handed to one JSON.parse, which also validates it. That is
 * several times faster than a token-by-token parser (stream-json), and memory
 * holds one read chunk plus the item being cut, whatever the file size.
 */
async function* readJson(path) {
    const scanner = new InventoryJsonScanner();
    const utf8 = new Utf8Check();
    for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) {
        utf8.push(chunk);
        const items = scanner.push(chunk, false);
        if (items.length)
            yield items;
    }
    utf8.end();
    const last = scanner.push(Buffer.alloc(0), true);
    if (last.length)
        yield last;
}
/**
 * Reads an inventory JSON once, in constant memory, from any source of its
 * bytes: the top-level fields other than "items" (format, user, item_count…)
 * and the number of items. Throws ImportFileError when it is not well-formed.
 * A fast way for a backup verifier to re-read what it wrote (JSON.parse of each
 * run of items instead of a token-by-token parser).
 */
export async function inspectInventoryJson(source) {
    const scanner = new InventoryJsonScanner();
    let itemCount = 0;
    for await (const chunk of source)
        itemCount += scanner.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk, false).length;
    itemCount += scanner.push(Buffer.alloc(0), true).length;
    return { header: scanner.header, itemCount };
}
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
function isJsonSpace(byte) {
    return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}
/** Ends a literal (number, true, false, null). */
function endsLiteral(byte) {
    return isJsonSpace(byte) || byte === COMMA || byte === CLOSE_ARRAY || byte === CLOSE_OBJECT;
}
function malformed(message) {
    return new ImportFileError(`Malformed JSON: ${message}`);
}
function parseJson(text) {
    try {
        return JSON.parse(text);
    }
    catch (error) {
        throw malformed(error.message);
    }
}
/**
 * Incremental scanner of the inventory JSON (an object with an "items" array,
 * or a bare array): fed raw bytes, it returns the items completed so far. A
 * value split across chunks is resumed where its scan stopped, never rescanned.
 */
class InventoryJsonScanner {
    buf = Buffer.alloc(0);
    pos = 0;
    state = 'start';
    top;
    key;
    sawItems = false;
    itemCount = 0;
    /** The top-level values other than "items", as parsed. */
    header = Object.create(null);
    // The value being cut: where it starts, where its scan resumes, its nesting depth, whether the scan stopped inside a string.
    valueStart = -1;
    scanPos = 0;
    depth = 0;
    inString = false;
    // Complete items not parsed yet: [runStart, runEnd) holds "item, item, item".
    runStart = -1;
    runEnd = -1;
    push(chunk, eof) {
        this.compact(chunk);
        const out = [];
        const buf = this.buf;
        const length = buf.length;
        for (;;) {
            while (this.pos < length && isJsonSpace(buf[this.pos]))
                this.pos++;
            if (this.pos >= length)
                break;
            const c = buf[this.pos];
            switch (this.state) {
                case 'start':
                    if (c === 0xef && buf[this.pos + 1] === 0xbb && buf[this.pos + 2] === 0xbf) {
                        this.pos += 3; // UTF-8 byte order mark
                    }
                    else if (this.pos + 2 >= length && c === 0xef && !eof) {
                        return this.flush(out);
                    }
                    else if (c === OPEN_OBJECT) {
                        this.top = 'object';
                        this.state = 'firstKey';
                        this.pos++;
                    }
                    else if (c === OPEN_ARRAY) {
                        this.top = 'array';
                        this.sawItems = true;
                        this.state = 'firstElement';
                        this.pos++;
                    }
                    else
                        throw new ImportFileError('Expected the inventory JSON object or an array of items');
                    continue;
                case 'firstKey':
                    if (c === CLOSE_OBJECT) {
                        this.state = 'end';
                        this.pos++;
                    }
                    else
                        this.state = 'key';
                    continue;
                case 'key': {
                    if (c !== QUOTE)
                        throw malformed(`expected a property name at byte ${this.pos}`);
                    const end = this.cutValue(eof);
                    if (end < 0)
                        return this.flush(out);
                    this.key = parseJson(buf.toString('utf8', this.pos, end));
                    this.pos = end;
                    this.state = 'colon';
                    continue;
                }
                case 'colon':
                    if (c !== COLON)
                        throw malformed(`expected ':' after "${this.key}"`);
                    this.pos++;
                    this.state = 'value';
                    continue;
                case 'value':
                    if (this.key === 'items') {
                        if (c !== OPEN_ARRAY)
                            throw new ImportFileError('"items" must be an array');
                        this.pos++;
                        this.sawItems = true;
                        this.state = 'firstElement';
                    }
                    else {
                        const end = this.cutValue(eof);
                        if (end < 0)
                            return this.flush(out);
                        this.header[this.key] = parseJson(buf.toString('utf8', this.pos, end));
                        this.pos = end;
                        this.state = 'afterValue';
                    }
                    continue;
                case 'afterValue':
                    if (c === COMMA)
                        this.state = 'key';
                    else if (c === CLOSE_OBJECT)
                        this.state = 'end';
                    else
                        throw malformed(`expected ',' or '}' after "${this.key}"`);
                    this.pos++;
                    continue;
                case 'firstElement':
                    if (c === CLOSE_ARRAY) {
                        this.pos++;
                        this.state = this.top === 'array' ? 'end' : 'afterValue';
                    }
                    else
                        this.state = 'element';
                    continue;
                case 'element': {
                    const end = this.cutValue(eof);
                    if (end < 0)
                        return this.flush(out);
                    if (this.runStart < 0)
                        this.runStart = this.pos;
                    this.runEnd = end;
                    this.pos = end;
                    this.state = 'afterElement';
                    continue;
                }
                case 'afterElement':
                    if (c === COMMA)
                        this.state = 'element';
                    else if (c === CLOSE_ARRAY) {
                        this.flush(out);
                        this.state = this.top === 'array' ? 'end' : 'afterValue';
                    }
                    else
                        throw malformed(`expected ',' or ']' after item ${this.itemCount + out.length}`);
                    this.pos++;
                    continue;
                case 'end':
                    throw malformed(`unexpected data after the end of the document at byte ${this.pos}`);
            }
        }
        this.flush(out);
        if (eof) {
            if (!this.top)
                throw new ImportFileError('The file is empty');
            if (this.state !== 'end')
                throw malformed('unexpected end of the file');
            if (!this.sawItems)
                throw new ImportFileError('The JSON object has no "items" array');
        }
        return out;
    }
    /** Parses the run of complete items in one JSON.parse (which also checks the commas between them). */
    flush(out) {
        if (this.runStart >= 0) {
            const items = parseJson(`[${this.buf.toString('utf8', this.runStart, this.runEnd)}]`);
            for (const item of items)
                out.push(item);
            this.itemCount += items.length;
            this.runStart = this.runEnd = -1;
        }
        return out;
    }
    /** Drops the bytes already consumed (keeping the value being cut) and appends the new chunk. */
    compact(chunk) {
        const keep = this.valueStart >= 0 ? this.valueStart : this.pos;
        const rest = this.buf.subarray(keep);
        this.buf = rest.length ? Buffer.concat([rest, chunk]) : chunk;
        this.pos -= keep;
        if (this.valueStart >= 0) {
            this.scanPos -= keep;
            this.valueStart = 0;
        }
    }
    /**
     * The end of the value starting at `pos` (a string, object, array or literal),
     * or -1 when the buffer ends first (the scan resumes on the next push).
     * Brackets are only counted here; JSON.parse checks everything else.
     */
    cutValue(eof) {
        const buf = this.buf;
        const length = buf.length;
        if (this.valueStart < 0) {
            this.valueStart = this.pos;
            // A string starts inside itself; a container before its bracket.
            this.inString = buf[this.pos] === QUOTE;
            this.scanPos = this.inString ? this.pos + 1 : this.pos;
            this.depth = 0;
        }
        const first = buf[this.valueStart];
        let end = -1;
        let i = this.scanPos;
        if (first === QUOTE || first === OPEN_OBJECT || first === OPEN_ARRAY) {
            let inString = this.inString;
            let depth = this.depth;
            for (; i < length; i++) {
                const byte = buf[i];
                if (inString) {
                    if (byte === BACKSLASH) {
                        if (i + 1 >= length)
                            break; // the escaped character is in the next chunk: resume at the backslash
                        i++;
                    }
                    else if (byte === QUOTE) {
                        inString = false;
                        if (depth === 0) {
                            end = i + 1;
                            break;
                        }
                    }
                }
                else if (byte === QUOTE)
                    inString = true;
                else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY)
                    depth++;
                else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
                    if (--depth === 0) {
                        end = i + 1;
                        break;
                    }
                }
            }
            this.inString = inString;
            this.depth = depth;
        }
        else {
            while (i < length && !endsLiteral(buf[i]))
                i++;
            if (i < length || eof)
                end = i;
        }
        this.scanPos = i;
        if (end < 0) {
            if (eof)
                throw malformed('unexpected end of the file');
            return -1;
        }
        this.valueStart = -1;
        return end;
    }
}
//# sourceMappingURL=import-file-reader.js.map