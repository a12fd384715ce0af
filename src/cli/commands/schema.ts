import type { Command } from 'commander';
import { settingsJsonSchema } from '../../config/schema.js';
import { definitionsJsonSchema } from '../../packaging/schema.js';

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description(
      'print the JSON Schema of the config file (schema/kubepkg.schema.json), or with --definitions ' +
        'of package definitions and overlays (schema/definitions.schema.json)',
    )
    .option('--definitions', 'the schema of packaging/*.yaml, shipped or in an overlay')
    .action((flags: { definitions?: boolean }) => {
      const schema = flags.definitions ? definitionsJsonSchema() : settingsJsonSchema();
      process.stdout.write(JSON.stringify(schema, null, 2) + '\n');
    });
}
