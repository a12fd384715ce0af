import { type CatalogueEntry, text } from './entry.js';

export const components = {
  ENOCRITOOLSRELEASE: {
    exit: 'badInput',
    message: 'no cri-tools release for Kubernetes {kubernetes}: {source} lists no final {minors} release',
    fix: text(
      'Pass --cri-tools-version (e.g. --cri-tools-version {example}),',
      'or point --cri-tools-releases-url at a releases list that has them.',
    ),
  },
  EBADRELEASELIST: {
    exit: 'badInput',
    message: '{url} is not a GitHub releases list: {reason}',
    fix: text(
      'Point --cri-tools-releases-url at a GitHub-style releases API (a JSON array with tag_name, draft,',
      'prerelease), or pass --cri-tools-version.',
    ),
  },
  EBADDEPENDENCIES: {
    exit: 'badInput',
    message: 'cannot read the CNI plugins version for Kubernetes {kubernetes} from {url}: {reason}',
    fix: "Pass --cni-version, or point --kubernetes-source-url at a tree with Kubernetes' build/dependencies.yaml.",
  },
  ENOCNIPICK: {
    exit: 'badInput',
    message: 'no CNI plugins version for Kubernetes {kubernetes}: {reason}',
    fix: 'Pass --cni-version (e.g. --cni-version 1.9.1), or check --kubernetes-source-url and the network.',
  },
  EBADRECORD: {
    exit: 'badInput',
    message: '{path} is not a component record written by kubepkg fetch: {reason}',
    fix: 'Delete it and run `kubepkg fetch` again for that version, or pass --cri-tools-version and --cni-version.',
  },
} as const satisfies Record<string, CatalogueEntry>;
