/**
 * Kubernetes' build/dependencies.yaml (the zeitgeist format): a list `dependencies` of entries
 * with `name` and `version`. The entry named `cni` is the CNI plugins release Kubernetes tests
 * that tree with (the e2e node tests and local-up-cluster.sh read it); pkgs.k8s.io shipped that
 * version for 1.34-1.37. Read at the tag (or CI build commit) being packaged.
 */
import semver from 'semver';
import YAML from 'yaml';

export class BadDependenciesFile extends Error {}

/** The `cni` version (semver, no `v`); throws BadDependenciesFile naming what is missing. */
export function cniFromDependencies(text: string): string {
  let doc: unknown;
  try {
    doc = YAML.parse(text);
  } catch (err) {
    throw new BadDependenciesFile(`not YAML (${(err as Error).message.split('\n')[0]})`);
  }
  const list = (doc as { dependencies?: unknown } | null)?.dependencies;
  if (!Array.isArray(list)) throw new BadDependenciesFile('no `dependencies:` list');
  const entry = list.find((e) => (e as { name?: unknown } | null)?.name === 'cni') as { version?: unknown } | undefined;
  if (!entry) throw new BadDependenciesFile('no entry named "cni"');
  const raw = String(entry.version ?? '').trim();
  const version = semver.valid(raw.startsWith('v') ? raw.slice(1) : raw);
  if (!version) throw new BadDependenciesFile(`the "cni" entry's version "${raw}" is not a version`);
  return version;
}

/**
 * The git ref that identifies a Kubernetes version's tree: the tag (`v1.37.0`,
 * `v1.38.0-alpha.1`), or for a CI build (`1.38.0-alpha.2.345+0123abcd`) the commit in its
 * build metadata, since CI builds have no tag.
 */
export function sourceRefOf(kubernetes: string): string {
  const plus = kubernetes.indexOf('+');
  return plus >= 0 ? kubernetes.slice(plus + 1) : `v${kubernetes}`;
}

/** The branch a minor's releases are cut from: `release-1.37`. */
export function releaseBranchOf(minor: string): string {
  return `release-${minor}`;
}
