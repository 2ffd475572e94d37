/** PostgreSQL and MySQL drivers return BIGINT as a string; byte counts fit a JS number. */
export const bigintToNumber = {
    to: (value) => value,
    from: (value) => (value === null || value === undefined ? value : Number(value)),
};
//# sourceMappingURL=bigint.transformer.js.map