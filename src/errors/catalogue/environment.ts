import { type CatalogueEntry, text } from './entry.js';

export const environment = {
  EWRITE: {
    exit: 'buildFailed',
    message: 'cannot write {path}: {reason}',
    fix: 'Check the disk and the permissions there, then run the command again.',
  },
  EDISKFULL: {
    exit: 'buildFailed',
    message: 'no space left on the device of {path} ({errno}); nothing partial was kept',
    fix: text(
      'Free disk space there, or point --out, --cache-dir (KUBEPKG_CACHE_DIR) or TMPDIR at a larger disk,',
      'then run the command again.',
    ),
  },
  ENOPERMISSION: {
    exit: 'badInput',
    message: 'permission denied: {path} ({errno})',
    fix: 'Choose a path you may write (--out, --cache-dir, --root, --mirror), or change its owner or mode.',
  },
  EREADONLY: {
    exit: 'badInput',
    message: '{path} is on a read-only file system',
    fix: 'Choose a path on a writable file system (--out, --cache-dir, --root), or remount it read-write.',
  },
  ENOTDIRECTORY: {
    exit: 'badInput',
    message: '{path}: a part of this path is a file, not a directory',
    fix: text(
      'Give a directory where one is expected (--out, --mirror, --root, --cache-dir),',
      'or remove the file in the way.',
    ),
  },
  EISDIRECTORY: {
    exit: 'badInput',
    message: '{path} is a directory where a file is expected',
    fix: 'Give the path of a file, or remove the directory in the way.',
  },
  EOUTLOCKED: {
    exit: 'badInput',
    message: '{dir} is being written by another kubepkg ({holder})',
    fix: 'Wait for it to finish or use another --out; if no such process runs, remove {lock}.',
  },
  EINTERNAL: {
    exit: 'internal',
    message: 'internal error (a bug in kubepkg): {reason}',
    fix: 'Please report it with the command you ran and this output.',
  },
} as const satisfies Record<string, CatalogueEntry>;
