import type { ValueTransformer } from 'typeorm';

/** PostgreSQL and MySQL drivers return BIGINT as a string; byte counts fit a JS number. */
export const bigintToNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? value : Number(value)),
};
