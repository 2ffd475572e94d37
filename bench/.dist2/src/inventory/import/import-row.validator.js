import { forbiddenCharacterMessage, isTooLong, ITEM_FORBIDDEN_CHARACTERS, ITEM_MAX_LENGTH, ITEM_QUANTITY_MAX, ITEM_QUANTITY_MIN } from '../item-limits.js';
const DIGITS = /^\s*-?\d+\s*$/;
/**
 * The same rules as the items API (name/part_id/color required, quantities
 * whole and 0 ≤ used ≤ total, the lengths and characters of item-limits.ts),
 * plus dates (ISO 8601 with a time zone, days that exist), hand-written rather
 * than class-validator because it runs once per row of files with 100k rows.
 * `fromCsv`: every value is text, so quantities are parsed from digits and an
 * empty quantity cell is 0.
 * Fields it does not know (id, user_id, role…) are ignored, never trusted.
 * Errors come in field order: name, part_id, color, storage_location,
 * image_url, notes, the quantities, then the dates.
 */
export function validateImportRow(record, index, fromCsv) {
    const errors = [];
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
        errors.push({ index, field: 'item', message: 'item must be an object' });
        return { errors };
    }
    const r = record;
    const name = text(r.name, 'name', true, fromCsv, index, errors);
    const partId = text(r.part_id, 'part_id', true, fromCsv, index, errors);
    const color = text(r.color, 'color', true, fromCsv, index, errors);
    const storageLocation = text(r.storage_location, 'storage_location', false, fromCsv, index, errors);
    const imageUrl = text(r.image_url, 'image_url', false, fromCsv, index, errors);
    const notes = text(r.notes, 'notes', false, fromCsv, index, errors);
    const quantityTotal = quantity(r.quantity_total, 'quantity_total', fromCsv, index, errors);
    const quantityUsed = quantity(r.quantity_used, 'quantity_used', fromCsv, index, errors);
    if (quantityTotal !== undefined && quantityUsed !== undefined && quantityUsed > quantityTotal) {
        errors.push({ index, field: 'quantity_used', message: `quantity_used (${quantityUsed}) must not be greater than quantity_total (${quantityTotal})` });
    }
    const createdAt = date(r.created_at, 'created_at', index, errors);
    const updatedAt = date(r.updated_at, 'updated_at', index, errors);
    if (errors.length)
        return { errors };
    const item = {
        name: name,
        partId: partId,
        color: color,
        quantityTotal: quantityTotal,
        quantityUsed: quantityUsed,
        storageLocation: storageLocation,
        imageUrl: imageUrl,
        notes: notes,
    };
    // Absent dates stay absent (not undefined-valued keys), as before.
    if (createdAt)
        item.createdAt = createdAt;
    if (updatedAt)
        item.updatedAt = updatedAt;
    return { item, errors };
}
/**
 * A text field: required ones are trimmed and must not be empty; optional ones default to ''.
 * Then its length and characters, by the rules of item-limits.ts that the items API applies too.
 */
function text(value, field, required, fromCsv, index, errors) {
    if (value === undefined || value === null || (fromCsv && value === '' && !required)) {
        if (required)
            errors.push({ index, field, message: `${field} is required` });
        return required ? undefined : '';
    }
    if (typeof value !== 'string') {
        errors.push({ index, field, message: `${field} must be a string` });
        return undefined;
    }
    const trimmed = required ? value.trim() : value;
    const max = ITEM_MAX_LENGTH[field];
    const badCharacter = forbiddenCharacterMessage(field, trimmed, ITEM_FORBIDDEN_CHARACTERS[field]);
    if (required && trimmed.length === 0)
        errors.push({ index, field, message: `${field} must not be empty` });
    else if (isTooLong(trimmed, max))
        errors.push({ index, field, message: `${field} must be at most ${max} characters` });
    else if (badCharacter)
        errors.push({ index, field, message: badCharacter });
    else
        return trimmed;
    return undefined;
}
/**
 * A quantity: a whole number from 0 to 2^31-1; absent is 0. From CSV every cell
 * is text: digits are read as a number, and an empty cell is 0, as the original
 * Django app read it. In JSON, null and "" are refused rather than read as 0:
 * there they are a value someone wrote, not a missing cell.
 */
function quantity(raw, field, fromCsv, index, errors) {
    if (raw === undefined)
        return 0;
    if (raw === null || raw === '') {
        if (fromCsv)
            return 0;
        errors.push({ index, field, message: `${field} must be a whole number, not ${raw === null ? 'null' : 'an empty string'} (leave the field out for 0)` });
        return undefined;
    }
    const value = fromCsv && typeof raw === 'string' && DIGITS.test(raw) ? Number(raw) : raw;
    if (typeof value !== 'number' || !Number.isInteger(value))
        errors.push({ index, field, message: `${field} must be a whole number` });
    else if (value < ITEM_QUANTITY_MIN)
        errors.push({ index, field, message: `${field} must not be less than ${ITEM_QUANTITY_MIN}` });
    else if (value > ITEM_QUANTITY_MAX)
        errors.push({ index, field, message: `${field} must not be greater than ${ITEM_QUANTITY_MAX}` });
    else
        return value;
    return undefined;
}
/**
 * An ISO 8601 timestamp with a time zone: what the export writes
 * (2026-11-26T11:00:00.000Z), the original Django CSV's 2023-12-15T02:00:00Z,
 * and Python's str() of an aware datetime, which a Django csv.writer produces
 * (a space for the T: 2023-12-15 02:00:00.123456+00:00). Seconds and their
 * fraction are optional; the zone is Z or ±HH[:MM]. A time without a zone is
 * refused: the server's local time would silently decide what it means.
 */
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)$/;
// What a datetime(6) column holds on MariaDB, the narrowest of the three dialects.
const EARLIEST = Date.UTC(1000, 0, 1);
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
/** A date: absent or empty is none; otherwise a timestamp that TIMESTAMP reads and that exists in the calendar. */
function date(value, field, index, errors) {
    if (value === undefined || value === null || value === '')
        return undefined;
    // A spreadsheet reader may hand over a real date rather than text.
    const parsed = value instanceof Date ? value : typeof value === 'string' ? parseTimestamp(value.trim()) : undefined;
    const time = parsed?.getTime() ?? Number.NaN;
    if (Number.isNaN(time) || time < EARLIEST || time > LATEST) {
        const shown = typeof value === 'string' ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value) : typeof value;
        errors.push({ index, field, message: `${field} must be an ISO 8601 date and time with a time zone (e.g. 2026-11-26T11:00:00Z), not ${shown}` });
        return undefined;
    }
    return parsed;
}
/** The instant a TIMESTAMP string names, or undefined when it does not match or names no real date and time (2026-02-30, 24:00, 12:60). */
function parseTimestamp(text) {
    const m = TIMESTAMP.exec(text);
    if (!m)
        return undefined;
    const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number);
    const second = m[6] ? Number(m[6]) : 0;
    const millisecond = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
    const offsetHours = m[10] ? Number(m[10]) : 0;
    const offsetMinutes = m[11] ? Number(m[11]) : 0;
    const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
    // Date.UTC reads years below 100 as 19xx; such years are refused anyway.
    if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth)
        return undefined;
    if (hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59)
        return undefined;
    const offset = (m[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
    return new Date(Date.UTC(year, month - 1, day, hour, minute, second, millisecond) - offset);
}
/** The unique key of an item within one user's inventory. */
export function itemKey(partId, color) {
    return `${partId}\u0000${color}`;
}
//# sourceMappingURL=import-row.validator.js.map