import { type CatalogueEntry, text } from './entry.js';

export const signing = {
  ENOSIGNINGKEY: {
    exit: 'badInput',
    message: '{what} needs a signing key (--signing-key)',
    fix: text(
      'Give --signing-key FILE (or set KUBEPKG_SIGNING_KEY), and the new key with --next-signing-key when',
      'rotating; put a passphrase, if any, in KUBEPKG_SIGNING_PASSPHRASE.',
    ),
  },
  ENOGPG: {
    exit: 'missingPrerequisite',
    message: 'GnuPG (gpg, gpg-agent) is not installed',
    fix: 'Install it: sudo apt-get install gnupg; `kubepkg doctor` lists every tool kubepkg runs.',
  },
  ESIGNINGKEY: {
    exit: 'badInput',
    message: 'cannot import the signing key file {file}',
    fix: 'Give an OpenPGP secret key file, e.g. made with `gpg --export-secret-keys --armor KEYID > key.asc`.',
  },
  ETMPDIRTOOLONG: {
    exit: 'badInput',
    message: "TMPDIR {dir} is too long a path for gpg-agent's socket in the signing key's GnuPG home",
    fix: 'Set TMPDIR to a directory with a shorter path (at most {max} characters), e.g. TMPDIR=/tmp.',
  },
  ESIGNINGKEYNOTFOUND: {
    exit: 'badInput',
    message: '{file} holds no secret key{matching}',
    fix:
      'Check the key id and export the secret key, not only the public key: `gpg --export-secret-keys --armor ' +
      'KEYID`.',
  },
  ESIGNINGKEYAMBIGUOUS: {
    exit: 'badInput',
    message: '{file} holds {count} secret keys{matching}: {fingerprints}',
    fix: 'Choose one with --signing-key-id FINGERPRINT.',
  },
  ESIGNINGKEYEXPIRED: {
    exit: 'badInput',
    message: 'the signing key {fingerprint} expired on {date}',
    fix: text(
      'Extend it (`gpg --quick-set-expire FINGERPRINT 1y` and again for its signing subkey) or sign with a new',
      'key, publishing it with --next-signing-key first.',
    ),
  },
  ESIGNINGPASSPHRASE: {
    exit: 'badInput',
    message: 'cannot sign with {fingerprints}: wrong or missing passphrase, or not a signing key',
    fix: "Put the key's passphrase in the environment variable {variables} (never on the command line).",
  },
  ESIGNING: {
    exit: 'buildFailed',
    message: 'gpg failed to {action}',
    fix: "See gpg's message below; `gpg-connect-agent /bye` checks that gpg-agent works.",
  },
} as const satisfies Record<string, CatalogueEntry>;
