/**
 * The check upstream lacked: every dependency of a package in a minor's repository that names
 * one of the five Kubernetes packages must be satisfiable inside that same repository, for the
 * package's own architecture. Upstream published kubelet/kubeadm whose cri-tools or
 * kubernetes-cni was missing three times (kubernetes/release#3575, #4100; kubernetes/kubernetes#138534).
 */
import { fail } from '../errors/index.js';
import { formatConstraint } from './control.js';
import { describePackage, type Clause, type Constraint, type PackageInfo, type RepoFormat } from './types.js';
import { compareDebVersions, compareRpmEvr, parseRpmEvr } from './vercmp.js';

export const KUBERNETES_PACKAGES: readonly string[] = ['kubeadm', 'kubelet', 'kubectl', 'cri-tools', 'kubernetes-cni'];

type Candidate = Pick<PackageInfo, 'format' | 'name' | 'version' | 'arch'>;
type Dependent = Candidate & Pick<PackageInfo, 'depends'>;

const ANY_ARCH: Record<RepoFormat, string> = { deb: 'all', rpm: 'noarch' };

export function satisfies(candidate: Candidate, c: Constraint): boolean {
  if (candidate.name !== c.name) return false;
  if (!c.relation || c.version === undefined) return true;
  const cmp =
    candidate.format === 'deb'
      ? compareDebVersions(candidate.version, c.version)
      : compareRpmEvr(parseRpmEvr(candidate.version), parseRpmEvr(c.version));
  switch (c.relation) {
    case '<':
      return cmp < 0;
    case '<=':
      return cmp <= 0;
    case '=':
      return cmp === 0;
    case '>=':
      return cmp >= 0;
    case '>':
      return cmp > 0;
  }
}

/** Every unsatisfied clause, as text naming the package and the dependency. */
export function findMissingDependencies(packages: Dependent[]): string[] {
  const problems: string[] = [];
  for (const p of packages) {
    const usable = packages.filter(
      (c) =>
        c.format === p.format && (c.arch === p.arch || c.arch === ANY_ARCH[p.format] || p.arch === ANY_ARCH[p.format]),
    );
    const relevant = p.depends.filter((clause) => clause.some((c) => KUBERNETES_PACKAGES.includes(c.name)));
    // Single-alternative clauses on the same name (`kubelet >= 1.31, kubelet < 1.32`) must be met
    // by one package together: apt and dnf install one version.
    const byName = new Map<string, Constraint[]>();
    const alternatives: Clause[] = [];
    for (const clause of relevant) {
      if (clause.length === 1) byName.set(clause[0]!.name, [...(byName.get(clause[0]!.name) ?? []), clause[0]!]);
      else alternatives.push(clause);
    }
    for (const [, constraints] of byName) {
      if (!usable.some((c) => constraints.every((k) => satisfies(c, k)))) {
        problems.push(
          `${describePackage(p)} needs ${constraints.map((k) => formatConstraint(k, p.format)).join(', ')}`,
        );
      }
    }
    for (const clause of alternatives) {
      if (!clause.some((k) => usable.some((c) => satisfies(c, k)))) {
        problems.push(`${describePackage(p)} needs ${clause.map((k) => formatConstraint(k, p.format)).join(' | ')}`);
      }
    }
  }
  return [...new Set(problems)];
}

export function assertDependenciesMet(packages: Dependent[], where: string): void {
  const problems = findMissingDependencies(packages);
  if (problems.length === 0) return;
  const count = problems.length === 1 ? '1 dependency is' : `${problems.length} dependencies are`;
  throw fail.EMISSINGDEPENDENCY({ where, count, first: problems[0]! }, { details: problems });
}
