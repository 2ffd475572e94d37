/**
 * A place backups are copied to after they are written locally (the seed's
 * "off-site backups"). One implementation per kind of storage; the local
 * folder under MEDIA_ROOT stays the primary copy.
 */
export class OffsiteTarget {
}
/** DI token for the configured off-site targets (an array, possibly empty). */
export const OFFSITE_TARGETS = Symbol('OFFSITE_TARGETS');
//# sourceMappingURL=offsite-target.js.map