import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createInflateRaw } from 'node:zlib';
const EOCD = 0x06054b50;
const CENTRAL_ENTRY = 0x02014b50;
const LOCAL_ENTRY = 0x04034b50;
const DATA_DESCRIPTOR = 0x08074b50;
const MAX_ENTRIES = 10_000;
const MAX_CENTRAL_DIRECTORY = 16 * 1024 * 1024;
/** The workbook cannot be read; `tooLarge` when it inflates beyond the limits (a zip bomb or just too big). */
export class XlsxFileError extends Error {
    tooLarge;
    constructor(message, tooLarge = false) {
        super(message);
        this.tooLarge = tooLarge;
    }
}
function tooLarge(message) {
    return new XlsxFileError(message, true);
}
function notAWorkbook(message) {
    return new XlsxFileError(`Not a readable Excel .xlsx file: ${message}`);
}
async function readAt(handle, position, length) {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, position);
    if (bytesRead !== length)
        throw notAWorkbook('the archive is truncated');
    return buffer;
}
/**
 * Checks an .xlsx (a ZIP archive) before exceljs inflates anything: the sizes
 * the central directory declares must stay within the limits, the entries
 * must follow one another from byte 0 to the central directory (so the
 * streaming unzip that exceljs uses sees exactly these entries and no hidden
 * one), and each entry must inflate to no more than it declares (checked by
 * inflating it with a counter that stops at the declared size + 1). A zip bomb
 * therefore costs at most the declared sizes, which are bounded, in constant
 * memory.
 */
export async function checkXlsxArchive(path, limits) {
    const entries = await readCentralDirectory(path, limits);
    for (const entry of entries)
        await checkInflatedSize(path, entry);
}
async function readCentralDirectory(path, limits) {
    const { size } = await stat(path);
    const handle = await open(path, 'r');
    try {
        // The end-of-central-directory record: 22 bytes plus a comment of up to 65,535.
        const tailLength = Math.min(size, 22 + 65_535);
        const tail = await readAt(handle, size - tailLength, tailLength);
        let at = -1;
        for (let i = tail.length - 22; i >= 0; i--) {
            if (tail.readUInt32LE(i) === EOCD) {
                at = i;
                break;
            }
        }
        if (at < 0)
            throw notAWorkbook('no ZIP central directory (a truncated or damaged file)');
        const eocdOffset = size - tailLength + at;
        const disk = tail.readUInt16LE(at + 4);
        const count = tail.readUInt16LE(at + 10);
        const cdSize = tail.readUInt32LE(at + 12);
        const cdOffset = tail.readUInt32LE(at + 16);
        if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff)
            throw notAWorkbook('ZIP64 archives are not supported');
        if (disk !== 0)
            throw notAWorkbook('multi-part archives are not supported');
        if (count > MAX_ENTRIES)
            throw notAWorkbook(`more than ${MAX_ENTRIES} entries`);
        if (cdSize > MAX_CENTRAL_DIRECTORY || cdOffset + cdSize > eocdOffset)
            throw notAWorkbook('a damaged central directory');
        const cd = await readAt(handle, cdOffset, cdSize);
        const entries = [];
        let total = 0;
        for (let p = 0, i = 0; i < count; i++) {
            if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL_ENTRY)
                throw notAWorkbook('a damaged central directory');
            const nameLength = cd.readUInt16LE(p + 28);
            const entry = {
                flags: cd.readUInt16LE(p + 8),
                method: cd.readUInt16LE(p + 10),
                compressedSize: cd.readUInt32LE(p + 20),
                uncompressedSize: cd.readUInt32LE(p + 24),
                localOffset: cd.readUInt32LE(p + 42),
                name: cd.toString('utf8', p + 46, p + 46 + nameLength),
            };
            p += 46 + nameLength + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
            if (entry.flags & 0x1)
                throw notAWorkbook('the workbook is encrypted (save it without a password)');
            if (entry.method !== 0 && entry.method !== 8)
                throw notAWorkbook(`entry "${entry.name}" uses an unsupported compression method (${entry.method})`);
            if (entry.method === 0 && entry.compressedSize !== entry.uncompressedSize)
                throw notAWorkbook(`entry "${entry.name}" is damaged`);
            if (entry.name === 'xl/sharedStrings.xml' && entry.uncompressedSize > limits.maxSharedStringsBytes) {
                throw tooLarge(`The workbook's shared strings inflate to ${entry.uncompressedSize} bytes, more than the ${limits.maxSharedStringsBytes} allowed`);
            }
            total += entry.uncompressedSize;
            if (total > limits.maxUncompressedBytes) {
                throw tooLarge(`The workbook inflates to more than ${limits.maxUncompressedBytes} bytes (the limit for an .xlsx is 20 × IMPORT_MAX_BYTES, at most 1 GiB); nothing was read`);
            }
            entries.push(entry);
        }
        // The entries must tile [0, central directory): what a streaming unzip reads is then what was checked.
        entries.sort((a, b) => a.localOffset - b.localOffset);
        const located = [];
        let expected = 0;
        for (const entry of entries) {
            if (entry.localOffset !== expected)
                throw notAWorkbook('unexpected data between the archive entries');
            const local = await readAt(handle, entry.localOffset, 30);
            if (local.readUInt32LE(0) !== LOCAL_ENTRY)
                throw notAWorkbook(`entry "${entry.name}" is damaged`);
            const nameLength = local.readUInt16LE(26);
            const name = (await readAt(handle, entry.localOffset + 30, nameLength)).toString('utf8');
            if (name !== entry.name || local.readUInt16LE(8) !== entry.method)
                throw notAWorkbook(`entry "${entry.name}" does not match the central directory`);
            const dataStart = entry.localOffset + 30 + nameLength + local.readUInt16LE(28);
            let end = dataStart + entry.compressedSize;
            if (entry.flags & 0x8)
                end += (await readAt(handle, end, 4)).readUInt32LE(0) === DATA_DESCRIPTOR ? 16 : 12;
            located.push({ ...entry, dataStart });
            expected = end;
        }
        if (expected !== cdOffset)
            throw notAWorkbook('unexpected data before the central directory');
        return located;
    }
    finally {
        await handle.close();
    }
}
/** Inflates one entry into nothing, counting, and stops as soon as it yields more than it declares. */
async function checkInflatedSize(path, entry) {
    if (entry.method === 0 || entry.compressedSize === 0)
        return;
    const source = createReadStream(path, { start: entry.dataStart, end: entry.dataStart + entry.compressedSize - 1 });
    const inflate = createInflateRaw();
    let inflated = 0;
    try {
        await new Promise((resolve, reject) => {
            inflate.on('data', (chunk) => {
                inflated += chunk.length;
                if (inflated > entry.uncompressedSize) {
                    reject(tooLarge(`Entry "${entry.name}" of the workbook inflates to more than the ${entry.uncompressedSize} bytes it declares; nothing was read`));
                }
            });
            inflate.on('end', resolve);
            inflate.on('error', (error) => reject(notAWorkbook(`entry "${entry.name}" cannot be inflated (${error.message})`)));
            source.on('error', reject);
            source.pipe(inflate);
        });
    }
    finally {
        source.destroy();
        inflate.destroy();
    }
}
/** A cell as the CSV reader would have seen it: text, with numbers written out and dates in ISO 8601. */
export function cellText(value) {
    if (value === null || value === undefined)
        return '';
    if (typeof value === 'string')
        return value;
    if (typeof value === 'number')
        return Number.isFinite(value) ? String(value) : '';
    if (typeof value === 'boolean')
        return value ? 'TRUE' : 'FALSE';
    if (value instanceof Date)
        return Number.isNaN(value.getTime()) ? '' : value.toISOString();
    if (typeof value === 'object') {
        const v = value;
        if (Array.isArray(v.richText))
            return v.richText.map((run) => run.text ?? '').join('');
        if ('formula' in v || 'sharedFormula' in v)
            return cellText(v.result);
        if ('text' in v)
            return cellText(v.text);
        if (typeof v.error === 'string')
            return v.error;
    }
    return '';
}
/**
 * The non-empty rows of the first sheet of an .xlsx as cell texts (the header
 * row first), after checkXlsxArchive. exceljs's streaming reader holds the
 * shared strings and one row at a time.
 */
export async function* readXlsxRows(path, limits) {
    await checkXlsxArchive(path, limits);
    const { default: excel } = await import('exceljs');
    const input = createReadStream(path);
    const workbook = new excel.stream.xlsx.WorkbookReader(input, {
        worksheets: 'emit',
        sharedStrings: 'cache',
        styles: 'cache',
        hyperlinks: 'ignore',
        entries: 'ignore',
    });
    const sheets = workbookErrors(workbook)[Symbol.asyncIterator]();
    let current;
    let finished = false;
    let sawFirst = false;
    try {
        for (;;) {
            const next = await sheets.next();
            if (next.done)
                break;
            const sheet = next.value;
            current = rawSheet(sheet);
            // Every sheet is gone through, the others drained unread: exceljs deletes a sheet it spooled to a temporary file only after it.
            if (sawFirst || !isFirstSheet(workbook, sheet)) {
                await drain(current);
                current = undefined;
                continue;
            }
            sawFirst = true;
            for await (const row of workbookErrors(sheet)) {
                const values = row.values;
                const cells = [];
                for (let i = 1; i < values.length; i++)
                    cells.push(cellText(values[i]));
                if (cells.some((cell) => cell.trim() !== ''))
                    yield cells;
            }
            current = undefined;
        }
        finished = true;
        if (!sawFirst)
            throw notAWorkbook('the workbook has no worksheet');
    }
    finally {
        // Stopped early (a bad header, a failed write): go through the rest so that exceljs removes its temporary files.
        if (!finished)
            await discardRest(sheets, current).catch(() => undefined);
        input.destroy();
    }
}
/** The bytes of a sheet's XML, as exceljs hands them to its row parser. */
function rawSheet(sheet) {
    return sheet.iterator;
}
async function drain(source) {
    for await (const _chunk of workbookErrors(source))
        ;
}
async function discardRest(sheets, current) {
    if (current)
        await drain(current);
    for (let next = await sheets.next(); !next.done; next = await sheets.next())
        await drain(rawSheet(next.value));
}
/** Iterates a reader of exceljs, turning its failures (a zip that is not a workbook, bad XML) into a file error. */
async function* workbookErrors(source) {
    const iterator = source[Symbol.asyncIterator]();
    for (;;) {
        let next;
        try {
            next = await iterator.next();
        }
        catch (error) {
            if (error instanceof XlsxFileError)
                throw error;
            throw notAWorkbook(error.message);
        }
        if (next.done)
            return;
        yield next.value;
    }
}
/** The first sheet in tab order, when workbook.xml came first (as Excel writes it); else the first one in the archive. */
function isFirstSheet(workbook, sheet) {
    const first = workbook.model?.sheets?.[0];
    const name = sheet.name;
    return !first || name === undefined || name === first.name;
}
//# sourceMappingURL=xlsx-reader.js.map