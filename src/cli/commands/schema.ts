import type { Command } from 'commander';
import { settingsJsonSchema } from '../../config/schema.js';
import { definitionsJsonSchema } from '../../packaging/schema.js';
import { addOutputOptions } from '../output/flags.js';

export function registerSchema(program: Command): void {
  const cmd = program
    .command('schema')
    .description(
      'print the JSON Schema of the config file (schema/kubepkg.schema.json), or with --definitions ' +
        'of package definitions and overlays (schema/definitions.schema.json)',
    )
    .option('--definitions', 'the schema of packaging/*.yaml, shipped or in an overlay');
  // the schema is the document itself: no --json; --quiet and --verbose change nothing here
  addOutputOptions(cmd, { json: false }).action((flags: { definitions?: boolean }) => {
    const schema = flags.definitions ? definitionsJsonSchema() : settingsJsonSchema();
    process.stdout.write(JSON.stringify(schema, null, 2) + '\n');
  });
}
