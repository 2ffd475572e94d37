// The DataSource the TypeORM CLI uses (npm run typeorm -- migration:show), built from the same DATABASE_URL as the app.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { parseDatabaseUrl } from './src/config/app-config.js';
import { buildDataSourceOptions } from './src/database/data-source-options.js';
export default new DataSource(buildDataSourceOptions(parseDatabaseUrl(process.env.DATABASE_URL || 'sqlite:./data/blockshelf.sqlite3')));
//# sourceMappingURL=ormconfig.js.map