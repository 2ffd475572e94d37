/** YYYYMMDD_HHMMSS in UTC, the seed's file-name stamp. */
export function compactTimestamp(date) {
    const iso = date.toISOString();
    return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}_${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
}
//# sourceMappingURL=timestamps.js.map