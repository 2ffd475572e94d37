import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

/**
 * Starts test/support/paused-backup-child.mjs (a real process running a backup that
 * pauses at one of the store's hooks) against `databaseUrl`; resolves once it
 * says PAUSED, so the caller can SIGKILL it at that moment.
 */
export async function startPausedBackup(databaseUrl: string, env: Record<string, string>): Promise<ChildProcessWithoutNullStreams> {
  const child = spawn(process.execPath, [join(process.cwd(), 'test/support/paused-backup-child.mjs')], {
    env: {
      PATH: process.env.PATH,
      BLOCKSHELF_DIST: process.env.BLOCKSHELF_DIST,
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl,
      JWT_SECRET: 'test-secret-test-secret-test-secret',
      ADMIN_USERNAME: 'admin',
      ADMIN_PASSWORD: 'admin-password-1',
      BACKUP_SCHEDULE_FULL_DB: '',
      BACKUP_SCHEDULE_USERS: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  }) as unknown as ChildProcessWithoutNullStreams;
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('PAUSED') && resolve());
    child.on('exit', (code) => reject(new Error(`the paused backup exited early (${code})`)));
  }).catch((error) => {
    child.kill('SIGKILL');
    throw error;
  });
  return child;
}
