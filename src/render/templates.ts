/**
 * Handlebars, kept in its own instance: strict (a missing value is an error, not an empty
 * string) and without HTML escaping (these are config files and shell scripts, not HTML).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { KubepkgError, ExitCode } from '../errors.js';
import { templatesDir } from '../paths.js';

const handlebars = Handlebars.create();
const compiled = new Map<string, HandlebarsTemplateDelegate>();

async function compile(file: string): Promise<HandlebarsTemplateDelegate> {
  let template = compiled.get(file);
  if (!template) {
    template = handlebars.compile(await readFile(file, 'utf8'), { strict: true, noEscape: true });
    compiled.set(file, template);
  }
  return template;
}

/** Renders templates/<name>.hbs (name may include a folder, e.g. scripts/x.sh). */
export async function renderTemplate(name: string, values: Record<string, string>, dir = templatesDir()): Promise<string> {
  const file = join(dir, `${name}.hbs`);
  try {
    return (await compile(file))(values);
  } catch (err) {
    throw new KubepkgError({
      code: 'ETEMPLATE',
      message: `cannot render template ${file}: ${(err as Error).message.split('\n')[0]}`,
      fix: 'The template uses a value the package definition does not provide, or the file is missing; fix the template or packaging/*.yaml.',
      exitCode: ExitCode.badInput,
    });
  }
}
