/** A wrong command line: exit code 2, like other Unix tools. */
export class UsageError extends Error {
}
export function parseKeep(value) {
    if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 10_000)
        throw new UsageError(`--keep expects a whole number from 1 to 10000, got "${value}"`);
    return Number(value);
}
/** --keep-daily / --keep-weekly / --keep-monthly: 0 turns the tier off. */
export function parseTier(flag, value) {
    if (!/^\d+$/.test(value) || Number(value) > 10_000)
        throw new UsageError(`${flag} expects a whole number from 0 (off) to 10000, got "${value}"`);
    return Number(value);
}
//# sourceMappingURL=usage-error.js.map