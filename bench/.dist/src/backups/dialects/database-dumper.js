/**
 * How one database dialect takes and checks a full backup. The abstract class
 * is also the DI token; backups.module picks the implementation whose
 * `dialect` matches DATABASE_URL.
 */
export class DatabaseDumper {
}
export class BackupToolError extends Error {
}
//# sourceMappingURL=database-dumper.js.map