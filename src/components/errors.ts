/**
 * Component resolution failures as data: each names the Kubernetes version, the source that was
 * asked and the fix. All are bad input (exit 2): a flag or a base URL decides them.
 */
import { badInput, type KubepkgError } from '../errors.js';

export function noCriToolsRelease(
  kubernetes: string,
  minor: string,
  previous: string | undefined,
  source: string,
): KubepkgError {
  return badInput(
    'ENOCRITOOLSRELEASE',
    `no cri-tools release for Kubernetes ${kubernetes}: ${source} lists no final ${minor}.x release` +
      (previous ? ` and no ${previous}.x release` : ''),
    `Pass --cri-tools-version (e.g. --cri-tools-version ${previous ?? minor}.0), ` +
      'or point --cri-tools-releases-url at a releases list that has them.',
  );
}

export function badReleaseList(url: string, why: string): KubepkgError {
  return badInput(
    'EBADRELEASELIST',
    `${url} is not a GitHub releases list: ${why}`,
    'Point --cri-tools-releases-url at a GitHub-style releases API (a JSON array with tag_name, draft, prerelease), ' +
      'or pass --cri-tools-version.',
  );
}

export function badDependenciesFile(kubernetes: string, url: string, why: string): KubepkgError {
  return badInput(
    'EBADDEPENDENCIES',
    `cannot read the CNI plugins version for Kubernetes ${kubernetes} from ${url}: ${why}`,
    "Pass --cni-version, or point --kubernetes-source-url at a tree with Kubernetes' build/dependencies.yaml.",
  );
}

export function noCniPick(kubernetes: string, why: string, previous: string | undefined): KubepkgError {
  return badInput(
    'ENOCNIPICK',
    `no CNI plugins version for Kubernetes ${kubernetes}: ${why}` +
      (previous ? `, and the previous minor ${previous} has no pick either` : ''),
    'Pass --cni-version (e.g. --cni-version 1.9.1), or check --kubernetes-source-url and the network.',
  );
}

export function badRecord(path: string, why: string): KubepkgError {
  return badInput(
    'EBADRECORD',
    `${path} is not a component record written by kubepkg fetch: ${why}`,
    'Delete it and run `kubepkg fetch` again for that version, or pass --cri-tools-version and --cni-version.',
  );
}
