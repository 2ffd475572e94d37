var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var PrivateTemp_1;
import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppConfig } from '../config/app-config.js';
import { InstanceRegistry } from './instance-registry.service.js';
/** Entries are named <purpose>-<owner token>-<random>; an owner that is not alive left them behind. */
const ENTRY = /^[a-z]+-([0-9a-f]{6})-[0-9a-f]+/;
/** An entry whose owner cannot be told (not ours by name) is only removed once this old. */
const UNOWNED_AGE_MS = 5 * 60_000;
/**
 * The one private temp folder (DATA_DIR/tmp, 0700; every file 0600) for option
 * files with passwords, import spools and other intermediates. Names carry the
 * owning instance's token, so the sweep at start removes what dead processes
 * left without waiting, and never what a live one is using.
 */
let PrivateTemp = PrivateTemp_1 = class PrivateTemp {
    config;
    instances;
    logger = new Logger(PrivateTemp_1.name);
    constructor(config, instances) {
        this.config = config;
        this.instances = instances;
    }
    get dir() {
        return join(this.config.dataDir, 'tmp');
    }
    async onApplicationBootstrap() {
        await this.sweep();
    }
    /** A fresh path in the folder (nothing created yet). */
    async path(purpose, suffix = '') {
        await mkdir(this.dir, { recursive: true, mode: 0o700 });
        await chmod(this.dir, 0o700);
        return join(this.dir, `${purpose}-${this.instances.token}-${randomBytes(6).toString('hex')}${suffix}`);
    }
    /** A private file holding `content` (e.g. a MySQL option file); the caller removes it in `finally`. */
    async writeSecretFile(purpose, suffix, content) {
        const path = await this.path(purpose, suffix);
        await writeFile(path, content, { mode: 0o600, flag: 'wx' });
        return path;
    }
    /** A private folder (e.g. an import spool); the caller removes it. */
    async makeDir(purpose) {
        const path = await this.path(purpose);
        await mkdir(path, { mode: 0o700 });
        return path;
    }
    /** Removes entries left by processes that are no longer alive. */
    async sweep() {
        const entries = await readdir(this.dir).catch(() => []);
        if (!entries.length)
            return 0;
        const live = new Set([...(await this.instances.liveIds())].map((id) => id.split(':').pop()));
        let removed = 0;
        for (const name of entries) {
            const owner = ENTRY.exec(name)?.[1];
            const path = join(this.dir, name);
            if (owner ? live.has(owner) : Date.now() - ((await stat(path).catch(() => null))?.mtimeMs ?? Date.now()) < UNOWNED_AGE_MS)
                continue;
            await rm(path, { recursive: true, force: true });
            removed++;
        }
        if (removed)
            this.logger.warn(`Removed ${removed} leftover temporary file(s) from ${this.dir}`);
        return removed;
    }
};
PrivateTemp = PrivateTemp_1 = __decorate([
    Injectable(),
    __metadata("design:paramtypes", [AppConfig,
        InstanceRegistry])
], PrivateTemp);
export { PrivateTemp };
//# sourceMappingURL=private-temp.service.js.map