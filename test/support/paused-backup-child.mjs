// A real process to kill at the worst moment: builds the app from the compiled
// code with one of the store's hooks paused (PAUSE_AT: afterLink, the default, or
// afterManifest), starts a backup (PAUSE_BACKUP: full-db, the default, or all-users),
// prints PAUSED when the hook is reached (rows still pending), and waits.
import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = join(process.cwd(), process.env.BLOCKSHELF_DIST ?? 'dist', 'src');
const load = (rel) => import(pathToFileURL(join(dist, rel)).href);
const { AppModule } = await load('app.module.js');
const { loadConfig } = await load('config/app-config.js');
const { BackupStoreHooks } = await load('backups/store/backup-store.service.js');
const { BackupsService } = await load('backups/backups.service.js');

async function pauseAt(hook) {
  if ((process.env.PAUSE_AT ?? 'afterLink') !== hook) return;
  process.stdout.write('PAUSED\n');
  await new Promise(() => undefined);
}

const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(loadConfig(process.env))] })
  .overrideProvider(BackupStoreHooks)
  .useValue({
    afterManifest: () => pauseAt('afterManifest'),
    afterLink: () => pauseAt('afterLink'),
  })
  .compile();
const app = moduleRef.createNestApplication({ logger: false });
await app.init();
const backups = app.get(BackupsService);
const options = { trigger: 'cli', createdBy: null, keep: 10 };
void (process.env.PAUSE_BACKUP === 'all-users' ? backups.createAllUsers(options) : backups.createFullDb(options));
setInterval(() => undefined, 1000);
