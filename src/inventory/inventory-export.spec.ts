import pg from 'pg';
import { isoDate, pgTimestampParsers } from './inventory-export.service.js';

/** What a Date round trip prints: the meaning isoDate's text shortcuts must keep. */
const viaDate = (v: string) => new Date(v.includes('T') ? v : v.replace(' ', 'T') + 'Z').toISOString();

describe('isoDate: SQLite datetime text as ISO 8601, without a Date round trip when it can', () => {
  it('prints what a Date round trip prints, for 20,000 random well-formed values of every shape', () => {
    let seed = 20261202;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n) + 0;
    const pad = (n: number, w: number) => String(n).padStart(w, '0');
    for (let i = 0; i < 20_000; i++) {
      const year = 1970 + rnd(130);
      const month = 1 + rnd(12);
      const day = 1 + rnd(new Date(Date.UTC(year, month, 0)).getUTCDate());
      const base = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)} ${pad(rnd(24), 2)}:${pad(rnd(60), 2)}:${pad(rnd(60), 2)}`;
      const fraction = ['', `.${rnd(10)}`, `.${pad(rnd(100), 2)}`, `.${pad(rnd(1000), 3)}`, `.${pad(rnd(10_000), 4)}`, `.${pad(rnd(1_000_000), 6)}`][rnd(6)];
      expect(isoDate(base + fraction)).toBe(viaDate(base + fraction));
    }
  });

  it('leaves impossible or unusual values to the Date path (the same result or the same error)', () => {
    expect(isoDate('2024-02-29 23:59:59')).toBe('2024-02-29T23:59:59.000Z');
    expect(isoDate('2024-01-02T03:04:05.678Z')).toBe('2024-01-02T03:04:05.678Z');
    for (const odd of ['2023-02-29 00:00:00', '2024-13-01 00:00:00', '2024-01-01 24:00:00', '2024-01-01 00:60:00', '2024-01-01 00:00:60']) {
      const expected = (() => {
        try {
          return viaDate(odd);
        } catch (error) {
          return error;
        }
      })();
      if (expected instanceof Error) expect(() => isoDate(odd)).toThrow(expected.constructor as ErrorConstructor);
      else expect(isoDate(odd)).toBe(expected);
    }
    expect(isoDate(new Date(Date.UTC(2026, 11, 2, 1, 2, 3, 4)))).toBe('2026-12-02T01:02:03.004Z');
  });
});

describe('pgTimestampParsers: PostgreSQL timestamps as text, only where that text is UTC', () => {
  const types = pg.types as unknown as Parameters<typeof pgTimestampParsers>[0];

  it('in a UTC process: plain values stay text that isoDate prints as the instant pg means; odd ones keep pg parsing them', () => {
    const parsers = pgTimestampParsers(types, 'Etc/UTC')!;
    const timestamp = parsers.getTypeParser(1114, 'text');
    for (const text of ['2026-12-02 07:30:00', '2026-12-02 07:30:00.5', '2026-12-02 07:30:00.123456', '2024-02-29 23:59:59.999999']) {
      expect(timestamp(text)).toBe(text);
      expect(isoDate(timestamp(text) as string)).toBe(new Date(text.replace(' ', 'T') + 'Z').toISOString());
    }
    for (const odd of ['infinity', '0044-03-15 12:00:00 BC', '12026-01-01 00:00:00']) expect(timestamp(odd)).toEqual(types.getTypeParser(1114, 'text')(odd));
    // Every other type is pg's own parser.
    expect(parsers.getTypeParser(23, 'text')('42')).toBe(42);
    expect(parsers.getTypeParser(1184, 'text')).toBe(types.getTypeParser(1184, 'text'));
  });

  it("in a UTC process: isoDate of the text is the instant pg's own parser gives, for 20,000 random values", () => {
    const zone = process.env.TZ;
    process.env.TZ = 'UTC'; // pg reads a timestamp as local time: in UTC, the instant the text means
    try {
      const timestamp = pgTimestampParsers(types, 'UTC')!.getTypeParser(1114, 'text');
      const pgParse = types.getTypeParser(1114, 'text') as (text: string) => Date;
      let seed = 7;
      const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
      const pad = (n: number, w: number) => String(n).padStart(w, '0');
      for (let i = 0; i < 20_000; i++) {
        const year = 1970 + rnd(130);
        const month = 1 + rnd(12);
        const day = 1 + rnd(new Date(Date.UTC(year, month, 0)).getUTCDate());
        const digits = rnd(7);
        const fraction = digits ? '.' + pad(rnd(10 ** digits), digits) : '';
        const text = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)} ${pad(rnd(24), 2)}:${pad(rnd(60), 2)}:${pad(rnd(60), 2)}${fraction}`;
        expect([text, isoDate(timestamp(text) as string)]).toEqual([text, pgParse(text).toISOString()]);
      }
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it("in any other zone: pg's defaults (a local timestamp is not UTC text there)", () => {
    expect(pgTimestampParsers(types, 'Europe/Berlin')).toBeUndefined();
    expect(pgTimestampParsers(types, 'Europe/London')).toBeUndefined();
  });
});
