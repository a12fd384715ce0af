/** The published SPDX 2.3 JSON schema and the strict SLSA v1 provenance schema, compiled by ajv. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { PROJECT_ROOT } from '../paths.js';

const FIXTURES = join(PROJECT_ROOT, 'test', 'supply-chain', 'fixtures');
// ajv-formats is CommonJS: its function is the default export's default under ESM interop.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
) => Ajv;

function compile(file: string): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as object);
}

let spdx: ValidateFunction | undefined;
let slsa: ValidateFunction | undefined;

/** The schema's complaints (empty when the document is valid), as readable lines. */
function problems(validate: ValidateFunction, document: unknown): string[] {
  return validate(document) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

export function spdxProblems(document: unknown): string[] {
  spdx ??= compile('spdx-2.3-schema.json');
  return problems(spdx, document);
}

export function provenanceProblems(document: unknown): string[] {
  slsa ??= compile('slsa-provenance-v1.schema.json');
  return problems(slsa, document);
}
