import { readFile } from 'node:fs/promises';
import { settingsJsonSchema } from '../../src/config/schema.js';

test('schema/kubepkg.schema.json is current (regenerate: node dist/cli/main.js schema > schema/kubepkg.schema.json)', async () => {
  const committed = JSON.parse(await readFile(new URL('../../schema/kubepkg.schema.json', import.meta.url), 'utf8'));
  expect(committed).toEqual(settingsJsonSchema());
});

test('the JSON Schema knows every setting and forbids unknown keys', () => {
  const schema = settingsJsonSchema() as { properties: Record<string, unknown>; additionalProperties: boolean };
  expect(Object.keys(schema.properties)).toEqual(
    expect.arrayContaining([
      'kubernetesVersion',
      'architectures',
      'formats',
      'packages',
      'mirror',
      'out',
      'revision',
      'layout',
      'parallel',
      'compression',
    ]),
  );
  expect(schema.additionalProperties).toBe(false);
});
