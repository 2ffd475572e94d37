/** A start that cannot go on, in one line an operator can act on (no stack). */
export function bootFailure(error, context) {
    const e = error;
    const code = e?.code ?? e?.driverError?.code;
    const cause = (e?.message ?? String(error)).split('\n')[0];
    if (code === 'EADDRINUSE')
        return `Cannot start: port ${context.port} is already in use (EADDRINUSE); stop the other process or set PORT to a free port`;
    if (code === 'EACCES' && context.port !== undefined)
        return `Cannot start: not allowed to listen on port ${context.port} (EACCES); use a port above 1023 or set PORT`;
    return `Cannot start: ${databaseName(context.database)}: ${cause}${code && !cause.includes(code) ? ` (${code})` : ''}`;
}
function databaseName(db) {
    if (db.dialect === 'sqlite')
        return `the SQLite database ${db.sqlitePath} cannot be opened`;
    const url = new URL(db.url);
    return `the ${db.dialect === 'postgres' ? 'PostgreSQL' : 'MySQL/MariaDB'} database "${decodeURIComponent(url.pathname.slice(1))}" on ${url.hostname}:${url.port || (db.dialect === 'postgres' ? 5432 : 3306)} cannot be used`;
}
//# sourceMappingURL=boot-errors.js.map