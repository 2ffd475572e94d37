import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TestApp } from './test-app.js';

// BLOCKSHELF_DIST: another build folder (a second build running beside this one).
const CLI = join(process.cwd(), process.env.BLOCKSHELF_DIST ?? 'dist', 'src/cli/main.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `blockshelf` CLI against the test app's database and media folder. */
export function runCli(t: TestApp, args: string[], options: { env?: Record<string, string>; input?: string } = {}): Promise<CliResult> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does it)`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        DATABASE_URL: t.db.url,
        MEDIA_ROOT: t.mediaRoot,
        JWT_SECRET: t.config.jwtSecret,
        ...options.env,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
