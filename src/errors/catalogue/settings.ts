import type { CatalogueEntry } from './entry.js';

export const settings = {
  EBADCONFIG: {
    exit: 'badInput',
    message: '{problems} in {source}',
    fix: 'Fix each flag or key listed above; `kubepkg schema` prints the JSON Schema of the config file.',
  },
  ECONFIGUNREADABLE: {
    exit: 'badInput',
    message: 'cannot read config file {file}: {reason}',
    fix: 'Check the --config path and the file permissions.',
  },
  ECONFIGSYNTAX: {
    exit: 'badInput',
    message: '{file} is not a YAML mapping of settings: {reason}',
    fix: 'Fix the YAML syntax at the line given; settings are `key: value` lines, e.g. `kubernetesVersion: 1.31.4`.',
  },
  EMISSINGSETTING: {
    exit: 'badInput',
    message: 'missing {settings}',
    fix: 'Pass {flags}, or set {keys} in the config file.',
  },
  ESOURCEDATEEPOCH: {
    exit: 'badInput',
    message: 'the environment variable SOURCE_DATE_EPOCH="{value}" is not {expected}',
    fix: 'Set it to a Unix timestamp such as 1700000000, or unset it.',
  },
} as const satisfies Record<string, CatalogueEntry>;
