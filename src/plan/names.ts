/**
 * Package naming schemes (defaults.yaml `packageNames`): `acme-{name}` for a company's rebuild,
 * `kubernetes{minor}-{name}` for openSUSE-style versioned names. A renamed package provides its
 * plain name at its own version (so `kubelet >= 1.19.0` is still satisfied), conflicts with it
 * (one kubelet per node, whichever minor or vendor) and replaces it (apt and dnf swap the stock
 * package for it). Dependencies between the packages of the definitions follow the names.
 */
import { type Format, formatOf } from '../formats/index.js';
import type { Definitions } from '../packaging/load.js';

export interface PackageNaming {
  /** the name a definition's package gets */
  nameOf(definition: string): string;
  /** a dependency list with the definitions' package names renamed */
  renameDependencies(deps: string[], format: Format): string[];
  /**
   * A destination with the doc directory following the package's name: Debian policy 12.5 wants
   * /usr/share/doc/<package>/copyright, so acme-kubelet's is /usr/share/doc/acme-kubelet/copyright.
   */
  docPath(definition: string, dst: string): string;
  /** provides / conflicts / replaces a renamed package adds for its plain name */
  relations(
    definition: string,
    format: Format,
    version: string,
  ): { provides: string[]; conflicts: string[]; replaces: string[] };
}

export function packageNaming(definitions: Definitions, kubernetesMinor: string): PackageNaming {
  const pattern = definitions.packageNames;
  const nameOf = (name: string) =>
    pattern && definitions.packages[name]
      ? pattern.replaceAll('{name}', name).replaceAll('{minor}', kubernetesMinor)
      : name;
  return {
    nameOf,
    docPath: (definition, dst) => {
      const plain = `/usr/share/doc/${definition}/`;
      return dst.startsWith(plain) ? `/usr/share/doc/${nameOf(definition)}/${dst.slice(plain.length)}` : dst;
    },
    renameDependencies: (deps) =>
      deps.map((d) => {
        // every format's dependency starts with the name, then a space, a "(" or an operator
        const match = /^([a-z0-9][a-z0-9+.-]*)(.*)$/s.exec(d);
        return match ? `${nameOf(match[1]!)}${match[2]}` : d;
      }),
    relations: (name, format, version) => {
      if (nameOf(name) === name) return { provides: [], conflicts: [], replaces: [] };
      const fmt = formatOf(format);
      return {
        provides: [fmt.formatDependency({ name, op: '=', version })],
        conflicts: [name],
        replaces: [name],
      };
    },
  };
}
