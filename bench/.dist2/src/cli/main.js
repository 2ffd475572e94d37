import 'reflect-metadata';
import { dirname, join } from 'node:path';
import { CommandFactory } from 'nest-commander';
import { APP_VERSION } from '../common/app-version.js';
import { bootFailure } from '../boot-errors.js';
import { createRootLogger, PinoNestLogger } from '../common/logging.js';
import { ConfigError, loadConfig } from '../config/app-config.js';
import { InstanceRegistry } from '../instances/instance-registry.service.js';
import { CliModule } from './cli.module.js';
import { decryptCommand } from './decrypt.js';
import { UsageError } from './usage-error.js';
/** `blockshelf <command>`: exit 0 on success, 1 on any failure, 2 on a wrong command line. */
async function main() {
    // Everything the app creates (backups, temp files, SQLite copies and journals) is private to its user.
    process.umask(0o077);
    // decrypt works without a database: it must help when the server is gone.
    if (process.argv[2] === 'decrypt') {
        process.exitCode = await decryptCommand(process.argv.slice(3));
        return;
    }
    let config;
    try {
        // The CLI prints its own result lines; service logs only from warnings up unless LOG_LEVEL says otherwise.
        config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
    }
    catch (error) {
        if (error instanceof ConfigError) {
            console.error(error.message);
            process.exit(1);
        }
        throw error;
    }
    const logger = new PinoNestLogger(createRootLogger({ ...config, nodeEnv: 'production' }, process.stderr));
    // commander exits with 1 on an unknown option or a missing argument (its subcommands do not inherit
    // exitOverride); its error text goes through writeErr, so turn that into the usage exit code 2.
    let usageError = false;
    process.on('exit', () => {
        if (usageError)
            process.exitCode = 2;
    });
    // commander names the program after the script file (main.js): it is blockshelf.
    process.argv[1] = join(dirname(process.argv[1] ?? '.'), 'blockshelf');
    try {
        await CommandFactory.run(CliModule.forRoot(config), {
            abortOnError: false,
            cliName: 'blockshelf',
            version: APP_VERSION,
            outputConfiguration: {
                writeErr: (text) => {
                    if (text.startsWith('error:'))
                        usageError = true;
                    process.stderr.write(text);
                },
            },
            logger,
            errorHandler: (error) => {
                // commander's own errors: help and version are fine, anything else is a usage error.
                if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help')
                    exit(0);
                else
                    exit(2);
            },
            serviceErrorHandler: (error) => {
                console.error(`Error: ${error.message}`);
                exit(error instanceof UsageError ? 2 : 1);
            },
        });
    }
    catch (error) {
        // The app could not even start (database down or missing): one line, exit 1.
        console.error(bootFailure(error, { database: config.database }));
        process.exit(1);
    }
}
/** process.exit skips Nest's shutdown hooks: take this process out of app_instances first, so it is not taken for a running app. */
function exit(code) {
    process.exitCode = code;
    void Promise.race([InstanceRegistry.current?.unregister(), new Promise((resolve) => setTimeout(resolve, 2000))]).finally(() => process.exit(code));
}
void main();
//# sourceMappingURL=main.js.map