/**
 * The effective definition of every package as YAML, each key preceded by the file(s) it came
 * from: what `kubepkg definitions` prints, so that a maintainer sees what an overlay changed.
 */
import YAML from 'yaml';
import type { Definitions } from './load.js';

const yaml = (value: unknown) => YAML.stringify(value, { lineWidth: 0 }).trimEnd();

export function describeDefinitions(definitions: Definitions, only?: readonly string[]): string {
  const out: string[] = [];
  if (definitions.packageNames) out.push(`# package names: ${definitions.packageNames}`, '');
  for (const [name, definition] of Object.entries(definitions.packages)) {
    if (only && !only.includes(name)) continue;
    out.push(`${name}:`);
    const origins = definitions.origins[name] ?? {};
    for (const [key, value] of Object.entries(definition)) {
      const from = origins[key];
      out.push(`  # ${from?.length ? from.join(', ') : 'schema default'}`);
      out.push(
        ...yaml({ [key]: value })
          .split('\n')
          .map((line) => `  ${line}`),
      );
    }
    const templates = [
      ...definition.contents.flatMap((c) => ('template' in c ? [c.template] : [])),
      ...Object.values(definition.scripts).map((s) => `scripts/${s}`),
    ];
    out.push('  # templates used, and the file each one is read from');
    for (const t of [...new Set(templates)]) out.push(`  #   ${t}: ${definitions.templateSources[t] ?? '(missing)'}`);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
