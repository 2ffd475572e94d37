const MAX_QUANTITY = 2_147_483_647;
const DIGITS = /^\s*-?\d+\s*$/;
/**
 * The same rules as the items API (name/part_id/color required, quantities
 * whole and 0 ≤ used ≤ total, length limits), hand-written rather than
 * class-validator because it runs once per row of files with 100k rows.
 * `fromCsv`: every value is text, so quantities are parsed from digits.
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
    const name = text(r.name, 'name', 200, true, fromCsv, index, errors);
    const partId = text(r.part_id, 'part_id', 50, true, fromCsv, index, errors);
    const color = text(r.color, 'color', 50, true, fromCsv, index, errors);
    const storageLocation = text(r.storage_location, 'storage_location', 100, false, fromCsv, index, errors);
    const imageUrl = text(r.image_url, 'image_url', 500, false, fromCsv, index, errors);
    const notes = text(r.notes, 'notes', 10_000, false, fromCsv, index, errors);
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
/** A text field: required ones are trimmed and must not be empty; optional ones default to ''. */
function text(value, field, max, required, fromCsv, index, errors) {
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
    if (required && trimmed.length === 0)
        errors.push({ index, field, message: `${field} must not be empty` });
    else if (trimmed.length > max)
        errors.push({ index, field, message: `${field} must be at most ${max} characters` });
    else
        return trimmed;
    return undefined;
}
/** A quantity: absent or empty is 0; otherwise a whole number from 0 to 2^31-1 (from CSV: digits). */
function quantity(raw, field, fromCsv, index, errors) {
    if (raw === undefined || raw === null || raw === '')
        return 0;
    const value = fromCsv && typeof raw === 'string' && DIGITS.test(raw) ? Number(raw) : raw;
    if (typeof value !== 'number' || !Number.isInteger(value))
        errors.push({ index, field, message: `${field} must be a whole number` });
    else if (value < 0)
        errors.push({ index, field, message: `${field} must not be less than 0` });
    else if (value > MAX_QUANTITY)
        errors.push({ index, field, message: `${field} must not be greater than ${MAX_QUANTITY}` });
    else
        return value;
    return undefined;
}
/** A date: absent or empty is none; otherwise a string Date can read. */
function date(value, field, index, errors) {
    if (value === undefined || value === null || value === '')
        return undefined;
    const parsed = typeof value === 'string' ? new Date(value) : undefined;
    if (!parsed || Number.isNaN(parsed.getTime())) {
        errors.push({ index, field, message: `${field} must be an ISO 8601 date` });
        return undefined;
    }
    return parsed;
}
/** The unique key of an item within one user's inventory. */
export function itemKey(partId, color) {
    return `${partId}\u0000${color}`;
}
//# sourceMappingURL=import-row.validator.js.map