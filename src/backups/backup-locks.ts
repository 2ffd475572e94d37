import { Injectable } from '@nestjs/common';
import { BackupInProgressException } from './backup.errors.js';

/** One backup per key at a time in this process ('full_db', 'all_users', 'user:<id>'); a second asks gets 409. */
@Injectable()
export class BackupLocks {
  private readonly held = new Set<string>();

  isHeld(key: string): boolean {
    return this.held.has(key);
  }

  async exclusive<T>(key: string, job: () => Promise<T>): Promise<T> {
    if (this.held.has(key)) throw new BackupInProgressException(key.startsWith('user:') ? 'user inventory' : key.replace('_', ' '));
    this.held.add(key);
    try {
      return await job();
    } finally {
      this.held.delete(key);
    }
  }

  /** Takes every key that is free; returns those taken (release them with release()). */
  claimFree(keys: string[]): Set<string> {
    const taken = new Set(keys.filter((key) => !this.held.has(key)));
    for (const key of taken) this.held.add(key);
    return taken;
  }

  release(keys: Iterable<string>): void {
    for (const key of keys) this.held.delete(key);
  }
}
