/**
 * How one database dialect takes and checks a full backup. The abstract class
 * is also the DI token; backups.module picks the implementation whose
 * `dialect` matches DATABASE_URL.
 */
export class DatabaseDumper {
    /** The dump tool's version line, known after preflight (goes into manifests). */
    toolVersion;
    /** Removes what a killed restore left beside the database (scratch databases, temp files). */
    async sweepRestoreLeftovers() { }
}
export class BackupToolError extends Error {
}
//# sourceMappingURL=database-dumper.js.map