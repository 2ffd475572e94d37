// A real process to kill at the worst moment: builds the app from the compiled
// code with the store's afterLink hook paused, starts a full backup, prints
// PAUSED once the file and its manifest are in place (row still pending), and waits.
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

const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(loadConfig(process.env))] })
  .overrideProvider(BackupStoreHooks)
  .useValue({
    afterManifest: async () => undefined,
    afterLink: () => {
      process.stdout.write('PAUSED\n');
      return new Promise(() => undefined);
    },
  })
  .compile();
const app = moduleRef.createNestApplication({ logger: false });
await app.init();
void app.get(BackupsService).createFullDb({ trigger: 'cli', createdBy: null, keep: 10 });
setInterval(() => undefined, 1000);
