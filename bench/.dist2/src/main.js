import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { configureApp } from './app.setup.js';
import { bootFailure } from './boot-errors.js';
import { createRootLogger, PinoNestLogger } from './common/logging.js';
import { ConfigError, loadConfig } from './config/app-config.js';
async function bootstrap() {
    // Everything the app creates (backups, temp files, SQLite copies and journals) is private to its user.
    process.umask(0o077);
    let config;
    try {
        config = loadConfig();
    }
    catch (error) {
        if (error instanceof ConfigError) {
            console.error(error.message);
            process.exit(1);
        }
        throw error;
    }
    // The same logger from the first line: JSON in production, pretty on a developer's terminal.
    const root = createRootLogger(config);
    const logger = new PinoNestLogger(root);
    let app;
    try {
        app = await NestFactory.create(AppModule.forRoot(config), { logger, abortOnError: false, bodyParser: false });
    }
    catch (error) {
        root.fatal(bootFailure(error, { database: config.database }));
        process.exit(1);
    }
    configureApp(app);
    try {
        await app.listen(config.port);
    }
    catch (error) {
        root.fatal(bootFailure(error, { port: config.port, database: config.database }));
        await app.close().catch(() => undefined);
        process.exit(1);
    }
    logger.log(`BlockShelf API on http://localhost:${config.port} (docs: /docs, database: ${config.database.dialect})`, 'Bootstrap');
}
void bootstrap();
//# sourceMappingURL=main.js.map