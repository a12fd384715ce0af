import { type CatalogueEntry, text, TOOL_FIX } from './entry.js';

export const repository = {
  ENOPACKAGES: {
    exit: 'badInput',
    message: 'no packages to publish',
    fix: 'Give .deb/.rpm files, or --from a kubepkg output directory.',
  },
  ENOTPACKAGE: {
    exit: 'badInput',
    message: '{path} is neither a .deb nor an .rpm file',
    fix: 'Give .deb and .rpm files, or --from a kubepkg output directory.',
  },
  ENOPACKAGEFILE: {
    exit: 'badInput',
    message: '{path} does not exist or is not a file',
    fix: 'Check the path; give built .deb/.rpm files.',
  },
  EBADPACKAGE: {
    exit: 'badInput',
    message: '{path} is not a usable package: {reason}',
    fix:
      'Rebuild it with kubepkg; the file may be truncated, not a package, or use names outside letters, digits, ' +
      '+ . - ~.',
  },
  ENOMANIFEST: {
    exit: 'badInput',
    message: '{manifest} is missing or not a kubepkg build manifest ({reason})',
    fix: 'Give the --out directory of a finished `kubepkg build`, or list the package files instead.',
  },
  EBADMANIFEST: {
    exit: 'badInput',
    message: '{manifest} lists "{file}", which is not a package file name',
    fix: 'Rebuild into a fresh --out directory.',
  },
  EINCOMPLETEBUILD: {
    exit: 'badInput',
    message: 'the build in {dir} had {failed} failed packages',
    fix: 'Fix the build and run it again before publishing.',
  },
  EOUTCHANGED: {
    exit: 'badInput',
    message: '{path} {problem}',
    fix: 'Rebuild; the output directory was changed after the build.',
  },
  EMISSINGDEPENDENCY: {
    exit: 'badInput',
    message: '{where} would not be installable: {count} missing (first: {first})',
    fix: text(
      'Add the missing packages in the same command (kubepkg build builds cri-tools and kubernetes-cni for the',
      'minor by default), or build them for that architecture. Nothing was written.',
    ),
  },
  ESAMEVERSION: {
    exit: 'badInput',
    message: 'two different files claim to be {package}: {existing} and {incoming}',
    fix:
      'A published version never changes: give the rebuild a new revision (--revision 2) instead. Nothing was ' +
      'written.',
  },
  EINDEXPATH: {
    exit: 'badInput',
    message: 'the repository index names {relative}, which is outside {dir}',
    fix: 'The index was edited by hand or damaged; restore it from a backup. Nothing was removed.',
  },
  EBADKEEP: {
    exit: 'badInput',
    message: '--keep "{value}" is not a positive number of versions',
    fix: 'Give how many versions per minor a nightly or prerelease repository keeps, e.g. --keep 5.',
  },
  ENOMINOR: {
    exit: 'badInput',
    message: 'cannot tell which minor repository these packages belong to (no kubeadm, kubelet or kubectl among them)',
    fix: 'Name it with --kubernetes-version 1.31.4 (any version of that minor).',
  },
  EMIXEDMINORS: {
    exit: 'badInput',
    message: 'the packages belong to several repositories: {repositories}',
    fix: 'Publish one minor (and channel) per command.',
  },
  EWRONGREPOSITORY: {
    exit: 'badInput',
    message: '{package} {version} does not belong in {repository} (--kubernetes-version {given})',
    fix: 'Publish each minor (and channel) with its own command.',
  },
  ERPMSIGNATURE: {
    exit: 'badInput',
    message: '{count} not signed by the key of {where} (dnf would refuse them: gpgcheck=1)',
    fix: 'Build them with the same key: kubepkg build --signing-key FILE (nfpm signs the RPMs). Nothing was written.',
  },
  EREPOLOCKED: {
    exit: 'badInput',
    message: '{dir} is being updated by another kubepkg ({holder})',
    fix: text(
      'Run again when it has finished, or wait longer with --lock-timeout SECONDS;',
      'if no such process runs, remove {lock}.',
    ),
  },
  ENOTOOL: {
    exit: 'missingPrerequisite',
    message: '{tool} is not installed (needed to {purpose})',
    fix: TOOL_FIX,
  },
  EREPOTOOL: {
    exit: 'buildFailed',
    message: '{tool} failed to {step}',
    fix: "See the tool's message below; the repository was left as it was.",
  },
} as const satisfies Record<string, CatalogueEntry>;
