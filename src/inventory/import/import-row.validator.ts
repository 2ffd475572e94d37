import type { ErrorDetailDto } from '../../common/error-response.dto.js';

/** One validated item of an import, in entity terms. */
export interface ImportItem {
  name: string;
  partId: string;
  color: string;
  quantityTotal: number;
  quantityUsed: number;
  storageLocation: string;
  imageUrl: string;
  notes: string;
  createdAt?: Date;
  updatedAt?: Date;
}

const MAX_QUANTITY = 2_147_483_647;
const TEXT_LIMITS: [string, keyof ImportItem, number, boolean][] = [
  ['name', 'name', 200, true],
  ['part_id', 'partId', 50, true],
  ['color', 'color', 50, true],
  ['storage_location', 'storageLocation', 100, false],
  ['image_url', 'imageUrl', 500, false],
  ['notes', 'notes', 10_000, false],
];

/**
 * The same rules as the items API (name/part_id/color required, quantities
 * whole and 0 ≤ used ≤ total, length limits), hand-written rather than
 * class-validator because it runs once per row of files with 100k rows.
 * `fromCsv`: every value is text, so quantities are parsed from digits.
 * Fields it does not know (id, user_id, role…) are ignored, never trusted.
 */
export function validateImportRow(record: unknown, index: number, fromCsv: boolean): { item?: ImportItem; errors: ErrorDetailDto[] } {
  const errors: ErrorDetailDto[] = [];
  const fail = (field: string, message: string) => errors.push({ index, field, message: `${field} ${message}` });
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    fail('item', 'must be an object');
    return { errors };
  }
  const r = record as Record<string, unknown>;
  const item: Partial<ImportItem> = {};

  for (const [field, property, max, required] of TEXT_LIMITS) {
    const value = r[field];
    if (value === undefined || value === null || (fromCsv && value === '' && !required)) {
      if (required) fail(field, 'is required');
      else (item as Record<string, unknown>)[property] = '';
      continue;
    }
    if (typeof value !== 'string') {
      fail(field, 'must be a string');
      continue;
    }
    const text = required ? value.trim() : value;
    if (required && text.length === 0) fail(field, 'must not be empty');
    else if (text.length > max) fail(field, `must be at most ${max} characters`);
    else (item as Record<string, unknown>)[property] = text;
  }

  for (const [field, property] of [
    ['quantity_total', 'quantityTotal'],
    ['quantity_used', 'quantityUsed'],
  ] as const) {
    let value = r[field];
    if (value === undefined || value === null || value === '') {
      item[property] = 0;
      continue;
    }
    if (fromCsv && typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) value = Number(value);
    if (typeof value !== 'number' || !Number.isInteger(value)) fail(field, 'must be a whole number');
    else if (value < 0) fail(field, 'must not be less than 0');
    else if (value > MAX_QUANTITY) fail(field, `must not be greater than ${MAX_QUANTITY}`);
    else item[property] = value;
  }
  if (item.quantityTotal !== undefined && item.quantityUsed !== undefined && item.quantityUsed > item.quantityTotal) {
    fail('quantity_used', `(${item.quantityUsed}) must not be greater than quantity_total (${item.quantityTotal})`);
  }

  for (const [field, property] of [
    ['created_at', 'createdAt'],
    ['updated_at', 'updatedAt'],
  ] as const) {
    const value = r[field];
    if (value === undefined || value === null || value === '') continue;
    const date = typeof value === 'string' ? new Date(value) : undefined;
    if (!date || Number.isNaN(date.getTime())) fail(field, 'must be an ISO 8601 date');
    else item[property] = date;
  }

  return errors.length ? { errors } : { item: item as ImportItem, errors };
}

/** The unique key of an item within one user's inventory. */
export function itemKey(partId: string, color: string): string {
  return `${partId}\u0000${color}`;
}
