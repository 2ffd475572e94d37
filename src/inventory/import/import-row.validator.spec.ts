import { validateImportRow } from './import-row.validator.js';

const row = (extra: Record<string, unknown> = {}) => ({ name: 'Brick 2 x 4', part_id: '3001', color: 'Red', quantity_total: 10, quantity_used: 2, ...extra });
const sut = (record: unknown, fromCsv = false) => validateImportRow(record, 7, fromCsv);
const fields = (record: unknown, fromCsv = false) => sut(record, fromCsv).errors.map((e) => e.field);
const codePoint = (ch: string) => `U\\+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

describe('validateImportRow', () => {
  describe('characters', () => {
    it.each([
      ['name', '\u0000'],
      ['name', '\t'],
      ['name', '\u001b'],
      ['name', '\u007f'],
      ['name', '\ud800'],
      ['part_id', '\n'],
      ['part_id', '\r'],
      ['color', '\t'],
      ['storage_location', '\n'],
      ['image_url', '\u0000'],
      ['notes', '\u0000'],
      ['notes', '\u000b'],
      ['notes', '\udc00'],
    ])('refuses %s containing %j, naming the row, field and character', (field, ch) => {
      const { item, errors } = sut(row({ [field]: `a${ch}b` }));
      expect(item).toBeUndefined();
      const message = expect.stringMatching(new RegExp(`^${field} must not contain .*${codePoint(ch)} at character 2`));
      expect(errors).toEqual([{ index: 7, field, message }]);
    });

    it.each([
      ['notes', 'line one\r\nline two\tand a tab'],
      ['name', 'Plate\n1 x 2'],
      ['name', 'Brick \u{1F9F1} paired surrogates are fine'],
      ['storage_location', 'Drawer \u00e9 \u0085 (C1 controls are storable everywhere)'],
    ])('lets %s hold %j', (field, value) => {
      expect(sut(row({ [field]: value })).item).toMatchObject({ [field === 'storage_location' ? 'storageLocation' : field]: value });
    });

    it('counts lengths in characters, as the databases do', () => {
      expect(sut(row({ name: '\u{1F9F1}'.repeat(200) })).errors).toEqual([]);
      expect(fields(row({ name: '\u{1F9F1}'.repeat(201) }))).toEqual(['name']);
    });
  });

  describe('quantities', () => {
    it.each([null, ''])('refuses %j quantities in JSON', (value) => {
      expect(fields(row({ quantity_total: value, quantity_used: value }))).toEqual(['quantity_total', 'quantity_used']);
    });

    it('reads an absent JSON quantity, and an empty CSV cell, as 0', () => {
      expect(sut({ name: 'x', part_id: '1', color: 'Red' }).item).toMatchObject({ quantityTotal: 0, quantityUsed: 0 });
      const csvRow = { name: 'x', part_id: '1', color: 'Red', quantity_total: '', quantity_used: '' };
      expect(sut(csvRow, true).item).toMatchObject({ quantityTotal: 0, quantityUsed: 0 });
    });
  });

  describe('dates', () => {
    it.each([
      ['2026-11-26T11:00:00.000Z', '2026-11-26T11:00:00.000Z'],
      ['2023-12-15T02:00:00Z', '2023-12-15T02:00:00.000Z'],
      ['2023-12-15 02:00:00.123456+00:00', '2023-12-15T02:00:00.123Z'],
      ['2023-12-15 02:00:00+00:00', '2023-12-15T02:00:00.000Z'],
      ['2023-12-15T03:30:00+01:30', '2023-12-15T02:00:00.000Z'],
      ['2023-12-14T21:00:00-0500', '2023-12-15T02:00:00.000Z'],
      ['2023-12-15T02:00Z', '2023-12-15T02:00:00.000Z'],
      ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ])('reads %s', (value, iso) => {
      expect(sut(row({ created_at: value })).item?.createdAt?.toISOString()).toBe(iso);
    });

    it.each([
      ...['2026-02-30T00:00:00Z', '2023-02-29T00:00:00Z', '2023-13-01T00:00:00Z', '2023-12-15T24:00:00Z', '2023-12-15T12:60:00Z', '2023-12-15T12:00:60Z'],
      ...['12', 'yesterday', '2026-11-26', '2026-11-26T11:00:00', '0999-12-31T00:00:00Z', '0050-01-01T00:00:00Z', 12, true],
    ])('refuses %j', (value) => {
      const { errors } = sut(row({ updated_at: value }));
      const message = expect.stringMatching(/^updated_at must be an ISO 8601 date and time with a time zone/);
      expect(errors).toEqual([{ index: 7, field: 'updated_at', message }]);
    });

    it('leaves an absent or empty date absent', () => {
      const { item } = sut(row({ created_at: '' }));
      expect(item).toBeDefined();
      expect(item).not.toHaveProperty('createdAt');
    });
  });
});
