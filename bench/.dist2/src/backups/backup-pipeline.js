export function isDiskFull(error) {
    const text = error instanceof Error ? error.message : String(error);
    return error?.code === 'ENOSPC' || /ENOSPC|No space left on device/i.test(text);
}
/** ENOSPC, in words an operator can act on. */
export function describeFailure(error, freeBytes) {
    const text = error instanceof Error ? error.message : String(error);
    if (isDiskFull(error)) {
        return `The disk is full (ENOSPC) on the file system holding MEDIA_ROOT: ${freeBytes === null ? 'free space unknown' : `${freeBytes} bytes free`}. Free some space (or keep fewer backups) and run the backup again. (${text})`;
    }
    return text;
}
//# sourceMappingURL=backup-pipeline.js.map