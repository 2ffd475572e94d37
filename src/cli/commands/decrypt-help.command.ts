import { Command, CommandRunner } from 'nest-commander';

/**
 * Listed in the help only: main.ts runs `decrypt` itself before Nest starts
 * (it must work without a database), so this never runs.
 */
@Command({
  name: 'decrypt',
  arguments: '<file>',
  description: 'Decrypt an encrypted backup file (-o <output>, else stdout); needs only BACKUP_ENCRYPTION_KEY or BACKUP_DECRYPTION_KEYS, no database',
})
export class DecryptHelpCommand extends CommandRunner {
  async run(): Promise<void> {
    throw new Error('decrypt is handled before the app starts');
  }
}
