import type { Command } from 'commander';
import { settingsJsonSchema } from '../../config/schema.js';

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('print the JSON Schema of the config file (committed as schema/kubepkg.schema.json)')
    .action(() => {
      process.stdout.write(JSON.stringify(settingsJsonSchema(), null, 2) + '\n');
    });
}
