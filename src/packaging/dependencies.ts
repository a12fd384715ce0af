/**
 * Picks the dependency rules that apply to a package version and writes them per format.
 * Exactly one rule of every group must match: upstream once took the first of two matching
 * ranges and shipped wrong dependencies for two years (kubernetes/release#4387, #4388).
 */
import { type Format, formatOf, type ParsedDependency } from '../formats/index.js';
import { fail } from '../errors/index.js';
import { versionInRange } from '../versions.js';
import type { Dependency, DependencyRule, PackageDefinition } from './schema.js';

export interface SelectedDependencies {
  depends: Dependency[];
  recommends: Dependency[];
}

/** The matching rule of every group; errors name the package, the version and the ranges. */
export function selectDependencies(definition: PackageDefinition, version: string): SelectedDependencies {
  const depends: Dependency[] = [];
  const recommends: Dependency[] = [];
  for (const [group, rules] of Object.entries(definition.dependencies)) {
    const matches = rules.filter((rule: DependencyRule) => versionInRange(version, rule.versions));
    if (matches.length === 0) {
      const ranges = rules.map((r) => `"${r.versions}"`).join(', ');
      throw fail.ENODEPRULE({ group, package: definition.name, version, ranges });
    }
    if (matches.length > 1) {
      const ranges = matches.map((r) => `"${r.versions}"`).join(' and ');
      throw fail.EDEPAMBIGUOUS({ count: matches.length, group, package: definition.name, version, ranges });
    }
    depends.push(...matches[0]!.depends);
    recommends.push(...matches[0]!.recommends);
  }
  return { depends, recommends };
}

/** The dependency as it applies to one format, or undefined when that format has none. */
export function dependencyFor(dep: Dependency, format: Format): ParsedDependency | undefined {
  const text =
    typeof dep === 'string'
      ? dep
      : formatOf(format)
          .dependencyKeys.map((k) => dep[k as keyof typeof dep])
          .find(Boolean);
  if (!text) return undefined;
  const [name, op, version] = text.split(' ');
  return op && version ? { name: name!, op, version } : { name: name! };
}

export function dependenciesFor(deps: Dependency[], format: Format): string[] {
  return deps.flatMap((d) => {
    const parsed = dependencyFor(d, format);
    // deb: `name (>= 1.2)`; rpm: `name >= 1.2`; archlinux: `name>=1.2`
    return parsed ? [formatOf(format).formatDependency(parsed)] : [];
  });
}
