/**
 * What an inventory item may hold: the one place that the item DTOs, the
 * entity's column lengths and the import validator read, so an API write and
 * an imported row meet the same rules.
 */
/** Maximum lengths, in characters (code points, as PostgreSQL and MariaDB count varchar). */
export const ITEM_MAX_LENGTH = {
    name: 200,
    part_id: 50,
    color: 50,
    storage_location: 100,
    image_url: 500,
    // A `text` column; 10,000 characters of 4 bytes still fit MariaDB's 65,535-byte TEXT.
    notes: 10_000,
};
/** Quantities are whole numbers in a signed 32-bit integer column. */
export const ITEM_QUANTITY_MIN = 0;
export const ITEM_QUANTITY_MAX = 2_147_483_647;
/**
 * Characters a text field refuses, the same on every dialect: C0 controls
 * (U+0000–U+001F, NUL being what PostgreSQL cannot store at all), DEL (U+007F)
 * and unpaired UTF-16 surrogates (JSON "\ud800", which no dialect stores as
 * sent: pg and mysql2 write U+FFFD, better-sqlite3 bytes that read back as
 * three of them). Line breaks are let through where a value may span lines:
 * notes (also tab), and name, because the original Django app stored
 * multi-line names and its CSV backups carry them.
 */
// eslint-disable-next-line no-control-regex -- these ranges are the point: the characters refused.
const SINGLE_LINE = /[\p{Cs}\u0000-\u001F\u007F]/u;
// eslint-disable-next-line no-control-regex
const MULTI_LINE = /[\p{Cs}\u0000-\u0009\u000B\u000C\u000E-\u001F\u007F]/u;
// eslint-disable-next-line no-control-regex
const NOTES = /[\p{Cs}\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/u;
export const ITEM_FORBIDDEN_CHARACTERS = {
    name: MULTI_LINE,
    part_id: SINGLE_LINE,
    color: SINGLE_LINE,
    storage_location: SINGLE_LINE,
    image_url: SINGLE_LINE,
    notes: NOTES,
};
/** The `${field} must not contain …` message for the first refused character of `value`, or undefined when it has none. */
export function forbiddenCharacterMessage(field, value, forbidden) {
    const match = forbidden.exec(value);
    if (!match)
        return undefined;
    const code = match[0].charCodeAt(0);
    const name = code >= 0xd800 && code <= 0xdfff ? 'an unpaired surrogate' : 'a control character';
    const hex = code.toString(16).toUpperCase().padStart(4, '0');
    return `${field} must not contain ${name} (U+${hex} at character ${match.index + 1})`;
}
/** True when `value` has more than `max` characters (code points, as the databases count them). */
export function isTooLong(value, max) {
    // A code point is one or two UTF-16 units: a string of at most `max` units is short enough without counting.
    if (value.length <= max)
        return false;
    let characters = 0;
    for (const _ of value)
        if (++characters > max)
            return true;
    return false;
}
//# sourceMappingURL=item-limits.js.map