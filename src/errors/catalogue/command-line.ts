import type { CatalogueEntry } from './entry.js';

export const commandLine = {
  EUNKNOWNOPTION: {
    exit: 'badInput',
    message: 'unknown option {option}',
    fix: '{hint}`{help}` lists the options.',
  },
  EUNKNOWNCOMMAND: {
    exit: 'badInput',
    message: 'unknown command "{command}"',
    fix: '{hint}`{help}` lists the commands.',
  },
  EMISSINGVALUE: {
    exit: 'badInput',
    message: 'option {option} needs a value',
    fix: 'Give it one (`{help}` shows what each option takes).',
  },
  EMISSINGOPTION: {
    exit: 'badInput',
    message: '{command} needs {option}',
    fix: 'Give {option} (`{help}` shows what it takes).',
  },
  EBADCHOICE: {
    exit: 'badInput',
    message: '{option} "{value}" is not one of {choices}',
    fix: 'Give one of {choices}.',
  },
  EEXTRAARGUMENT: {
    exit: 'badInput',
    message: '{command} got more arguments than it takes',
    fix: 'Remove the extra words; a value with spaces needs quotes (`{help}` shows the usage).',
  },
  ECOMMANDLINE: {
    exit: 'badInput',
    message: '{problem}',
    fix: '`{help}` shows the usage.',
  },
  EBADFLAGVALUE: {
    exit: 'badInput',
    message: '{flag} "{value}" is not {expected}',
    fix: 'Give {expected}, for example {flag} {example}.',
  },
  ECONFLICTINGFLAGS: {
    exit: 'badInput',
    message: '{first} and {second} cannot be given together',
    fix: 'Give one of them, and run the command once for each.',
  },
  EBADARCH: {
    exit: 'badInput',
    message: 'unknown architecture {arch}',
    fix: 'Use amd64, arm64, ppc64le, s390x or arm.',
  },
  ENOCONFIG: {
    exit: 'badInput',
    message: '{command} needs a config file',
    fix: 'Pass --config FILE, or run it in a directory with kubepkg.yaml.',
  },
  EBADMIRROR: {
    exit: 'badInput',
    message: 'fetch downloads over http(s), but --mirror is the directory {dir}',
    fix: 'Pass --mirror as an http(s):// URL, or leave it out to download from upstream.',
  },
} as const satisfies Record<string, CatalogueEntry>;
