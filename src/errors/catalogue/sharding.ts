import { type CatalogueEntry, text } from './entry.js';

export const sharding = {
  EBADSHARD: {
    exit: 'badInput',
    message: '{flag} "{value}" is not {expected}',
    fix: '{example}',
  },
  EPLANMISMATCH: {
    exit: 'badInput',
    message: "the plan of these settings has fingerprint {actual}, not {expected} (the plan job's)",
    fix: text(
      'Give the shard job the same settings, kubepkg version and mirror as the plan job; a version marker may',
      'have moved since the plan: pin the versions the plan resolved.',
    ),
  },
  ENOSHARDS: {
    exit: 'badInput',
    message: 'no shard directories given',
    fix: 'Give every shard --out directory: kubepkg merge DIR... --out OUT.',
  },
  ESHARDSET: {
    exit: 'badInput',
    message: text(
      'the {count} shard directories are not one complete, consistent build ({problems}); nothing was merged',
      'or published',
    ),
    fix: text(
      'Rerun the failed or missing shard jobs of the same plan (same settings, kubepkg and nfpm) and merge all',
      'of them once.',
    ),
  },
  EMERGEOUT: {
    exit: 'badInput',
    message: '{out} already holds a build (manifest.json)',
    fix: 'Merge into a new, empty --out directory.',
  },
  ENORPMSIGN: {
    exit: 'missingPrerequisite',
    message: 'rpmsign is not installed: the merge signs the RPMs of shards built without a key',
    fix: 'Install it: sudo apt-get install rpm (Debian/Ubuntu) or dnf install rpm-sign.',
  },
  ERPMSIGN: {
    exit: 'buildFailed',
    message: 'rpmsign could not sign {count} RPMs',
    fix: "See rpmsign's message below; `kubepkg doctor` checks gpg and rpm.",
  },
} as const satisfies Record<string, CatalogueEntry>;
