/**
 * A place backups are copied to after they are written locally (the seed's
 * "off-site backups"). One implementation per kind of storage; the local
 * folder under MEDIA_ROOT stays the primary copy.
 */
export abstract class OffsiteTarget {
  /** Recorded with each copy, e.g. "s3". */
  abstract readonly name: string;

  /** Where a backup (path relative to MEDIA_ROOT) goes on this target. */
  abstract remoteKey(relativePath: string): string;

  /** Uploads the file, then reads the object back and returns its sha256. */
  abstract upload(localPath: string, key: string): Promise<{ sha256: string }>;

  /** Removes the object; an object that is already gone is not an error. */
  abstract remove(key: string): Promise<void>;
}

/** DI token for the configured off-site targets (an array, possibly empty). */
export const OFFSITE_TARGETS = Symbol('OFFSITE_TARGETS');
