import { type CatalogueEntry, text } from './entry.js';

export const packaging = {
  EBADDEFINITION: {
    exit: 'badInput',
    message: '{problems} in the package definitions',
    fix: text(
      'Fix each file and key listed above (docs/packaging.md describes every key;',
      '`kubepkg definitions` shows the merged result).',
    ),
  },
  ENODEPRULE: {
    exit: 'badInput',
    message: 'no "{group}" dependency rule of {package} matches version {version} (ranges: {ranges})',
    fix: 'Use a version these rules cover, or add a rule for {version} to packaging/{package}.yaml.',
  },
  EDEPAMBIGUOUS: {
    exit: 'badInput',
    message: '{count} "{group}" dependency rules of {package} match version {version}: {ranges}',
    fix: 'Make the ranges in packaging/{package}.yaml disjoint so that exactly one matches.',
  },
  EDEPUNSATISFIED: {
    exit: 'badInput',
    message: 'the packages of this build could not be installed together',
    fix: 'Choose versions that satisfy these dependencies ({flags}).',
  },
  ENOCOMPONENTDEFAULT: {
    exit: 'badInput',
    message: 'no default {component} version is known for Kubernetes {minor}',
    fix: 'Pass {flag} (e.g. {flag} {minor}.0), or add "{minor}" to packaging/components.yaml.',
  },
  EARCHUNSUPPORTED: {
    exit: 'badInput',
    message: 'Kubernetes {version} is not published for {arches} (32-bit arm ended with Kubernetes 1.26)',
    fix: 'Leave {arches} out of --arch, or build a Kubernetes version below 1.27 for it.',
  },
  ETEMPLATE: {
    exit: 'badInput',
    message: 'cannot render template {file}: {reason}',
    fix: text(
      'The template uses a value the package definition does not provide, or the file is missing; fix the',
      'template or packaging/*.yaml.',
    ),
  },
} as const satisfies Record<string, CatalogueEntry>;
