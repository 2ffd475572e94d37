/** Every format this version writes or reads. A new dialect adds one line here and a folder under dialects/. */
export const BACKUP_FORMATS = [
    { format: 'sqlite3', extension: 'sqlite3', dialect: 'sqlite', contentType: 'application/vnd.sqlite3' },
    { format: 'pg_dump-custom', extension: 'dump', dialect: 'postgres', contentType: 'application/octet-stream' },
    { format: 'mysqldump-gzip', extension: 'sql.gz', dialect: 'mysql', contentType: 'application/gzip' },
    { format: 'inventory-json', extension: 'json', dialect: 'json', contentType: 'application/json' },
];
/** The format of a backup file, from its name (an encrypted file's ".enc" is looked through). */
export function formatOfPath(path) {
    const plain = path.replace(/\.enc$/, '');
    return BACKUP_FORMATS.find((f) => plain.endsWith(`.${f.extension}`));
}
export function formatOfDialect(dialect) {
    return BACKUP_FORMATS.find((f) => f.dialect === dialect);
}
const extensions = BACKUP_FORMATS.filter((f) => f.dialect !== 'json')
    .map((f) => f.extension.replace('.', '\\.'))
    .join('|');
/** Every stored backup path matches this; anything else is refused before touching the disk. */
export const BACKUP_PATH_PATTERN = new RegExp(`^backups/(full_db/db_backup_\\d{8}_\\d{6}(_\\d+)?\\.(${extensions})|user_inventory/\\d+/[A-Za-z0-9_.-]+_inventory_\\d{8}_\\d{6}(_\\d+)?\\.json)(\\.enc)?$`);
//# sourceMappingURL=backup-formats.js.map