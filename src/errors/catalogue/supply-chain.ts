import { type CatalogueEntry, text } from './entry.js';

export const supplyChain = {
  ENOSIGNATURE: {
    exit: 'badInput',
    message: '{file} has no {missing} beside it, so its Sigstore signature cannot be verified',
    fix: text(
      'Copy the .sig and .cert files published upstream next to it (`kubepkg fetch` does, with the transparency-log',
      'entry), or pass --no-verify-signatures to rely on the checksum files only.',
    ),
  },
  ESIGNATURE: {
    exit: 'badInput',
    message: 'the Sigstore signature of {file} does not verify: {reason}',
    fix: text(
      'Do not use this file: download it again from the official site (dl.k8s.io). If the mirror is yours, refill',
      'it with `kubepkg fetch`; if the trust root is outdated, run `kubepkg trust update`.',
    ),
  },
  ESIGNATURES: {
    exit: 'badInput',
    message: '{count} Kubernetes binaries fail their Sigstore signature check',
    fix: 'Fix each binary listed above; the fix of each code is in docs/errors.md.',
  },
  ESIGNER: {
    exit: 'badInput',
    message: '{file} is signed by {what} "{got}", not "{want}"',
    fix: 'Only files signed by the Kubernetes release process are accepted: download them again from dl.k8s.io.',
  },
  EBADSIGNATUREFILE: {
    exit: 'badInput',
    message: '{file} is not a Sigstore {kind}: {reason}',
    fix: 'Replace it with the file published upstream (base64 as on dl.k8s.io), e.g. with `kubepkg fetch`.',
  },
  ETRUSTROOT: {
    exit: 'badInput',
    message: 'the Sigstore trust root {file} cannot be used: {reason}',
    fix: 'Run `kubepkg trust update`, or remove the file to fall back to the trust root shipped with kubepkg.',
  },
  EREKOR: {
    exit: 'buildFailed',
    message: 'the transparency log {url} did not give the entry of a signature: {reason}',
    fix: 'Check the network and run the command again, or build from a mirror filled by `kubepkg fetch`.',
  },
  EATTESTATION: {
    exit: 'badInput',
    message: '{file} in {dir} does not match the build',
    fix: 'Rebuild; the output directory was changed after the build.',
  },
} as const satisfies Record<string, CatalogueEntry>;
