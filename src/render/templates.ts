/**
 * Handlebars, kept in its own instance: strict (a missing value is an error, not an empty
 * string) and without HTML escaping (these are config files and shell scripts, not HTML).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { fail } from '../errors/index.js';
import { templatesDir } from '../paths.js';

const handlebars = Handlebars.create();
// Promises, not templates: the 40 targets render concurrently, and caching only the result
// would let every one of them read and compile the same template before the first finished.
const compiled = new Map<string, Promise<HandlebarsTemplateDelegate>>();

function compile(file: string): Promise<HandlebarsTemplateDelegate> {
  let template = compiled.get(file);
  if (!template) {
    template = readFile(file, 'utf8').then((text) => handlebars.compile(text, { strict: true, noEscape: true }));
    compiled.set(file, template);
  }
  return template;
}

/** Renders templates/<name>.hbs (name may include a folder, e.g. scripts/x.sh). */
export async function renderTemplate(
  name: string,
  values: Record<string, string>,
  dir = templatesDir(),
): Promise<string> {
  const file = join(dir, `${name}.hbs`);
  try {
    return (await compile(file))(values);
  } catch (err) {
    throw fail.ETEMPLATE({ file, reason: (err as Error).message.split('\n')[0]! });
  }
}
