var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
import { Injectable } from '@nestjs/common';
import { BackupInProgressException } from './backup.errors.js';
/** One backup per key at a time in this process ('full_db', 'all_users', 'user:<id>'); a second asks gets 409. */
let BackupLocks = class BackupLocks {
    held = new Set();
    isHeld(key) {
        return this.held.has(key);
    }
    async exclusive(key, job) {
        if (this.held.has(key))
            throw new BackupInProgressException(key.startsWith('user:') ? 'user inventory' : key.replace('_', ' '));
        this.held.add(key);
        try {
            return await job();
        }
        finally {
            this.held.delete(key);
        }
    }
    /** Takes every key that is free; returns those taken (release them with release()). */
    claimFree(keys) {
        const taken = new Set(keys.filter((key) => !this.held.has(key)));
        for (const key of taken)
            this.held.add(key);
        return taken;
    }
    release(keys) {
        for (const key of keys)
            this.held.delete(key);
    }
};
BackupLocks = __decorate([
    Injectable()
], BackupLocks);
export { BackupLocks };
//# sourceMappingURL=backup-locks.js.map