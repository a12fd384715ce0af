/**
 * What users put on their nodes, written next to each minor's repository: the apt source in the
 * one-line and deb822 forms (signed-by the key of this repository only, never a global trust)
 * and the yum/dnf .repo file with upstream's `exclude=` line, so that a routine `dnf upgrade`
 * never moves the Kubernetes packages (install with `--disableexcludes=kubernetes`). A rebuild
 * whose packages are renamed (an overlay's `packageNames`) excludes and installs its own names:
 * the stock names would hold none of its packages back.
 */
import { byCodeUnit } from '../compare.js';
import type { RepoLocation } from './layout.js';

export const APT_KEYRING = '/etc/apt/keyrings/kubernetes-apt-keyring.gpg';

export interface SnippetInput {
  location: RepoLocation;
  /** where <root> is served, e.g. https://packages.example.com (no trailing slash needed) */
  baseUrl: string;
  /** the names of the packages in the repository; the stock five when absent or all stock */
  packageNames?: readonly string[];
}

/** upstream's own order, kept byte for byte when the repository holds only stock names */
const STOCK = ['kubelet', 'kubeadm', 'kubectl', 'cri-tools', 'kubernetes-cni'] as const;

/**
 * The names to exclude and to install. A renamed package is ordered by the stock package it
 * stands for (`acme-kubelet`, `kubernetes1.37-kubelet` end in `-kubelet`); extra packages follow.
 */
function namesOf(packageNames: readonly string[] | undefined): { exclude: string[]; install: string[] } {
  const names = [...new Set(packageNames ?? [])];
  if (names.every((n) => (STOCK as readonly string[]).includes(n)))
    return { exclude: [...STOCK], install: ['kubelet', 'kubeadm', 'kubectl'] };
  const stockOf = (n: string) => STOCK.findIndex((s) => n === s || n.endsWith(`-${s}`));
  const rank = (n: string) => (stockOf(n) === -1 ? STOCK.length : stockOf(n));
  const exclude = names.sort((a, b) => rank(a) - rank(b) || byCodeUnit(a, b));
  const install = exclude.filter((n) => rank(n) < 3);
  return { exclude, install: install.length ? install : exclude };
}

function urls({ location, baseUrl }: SnippetInput) {
  const base = `${baseUrl.replace(/\/+$/, '')}/${location.path}`;
  return { deb: `${base}/deb/`, rpm: `${base}/rpm/` };
}

export function renderSnippets(input: SnippetInput): Map<string, string> {
  const { deb, rpm } = urls(input);
  const { channel, minor } = input.location;
  const { exclude, install } = namesOf(input.packageNames);
  const keyHelp =
    `# Kubernetes v${minor} (${channel}). First install the key:\n` +
    `#   sudo mkdir -p -m 755 /etc/apt/keyrings\n` +
    `#   curl -fsSL ${deb}Release.key | sudo gpg --dearmor -o ${APT_KEYRING}\n`;
  const list = `${keyHelp}deb [signed-by=${APT_KEYRING}] ${deb} /\n`;
  const sources = `${keyHelp}Types: deb\nURIs: ${deb}\nSuites: /\nSigned-By: ${APT_KEYRING}\n`;
  const repo =
    `# Kubernetes v${minor} (${channel}). Install with: ` +
    `dnf install --disableexcludes=kubernetes ${install.join(' ')}\n` +
    `[kubernetes]\n` +
    `name=Kubernetes v${minor} (${channel})\n` +
    `baseurl=${rpm}\n` +
    `enabled=1\n` +
    `gpgcheck=1\n` +
    `repo_gpgcheck=1\n` +
    `gpgkey=${rpm}repodata/repomd.xml.key\n` +
    `exclude=${exclude.join(' ')}\n`;
  return new Map([
    ['kubernetes.list', list],
    ['kubernetes.sources', sources],
    ['kubernetes.repo', repo],
  ]);
}
