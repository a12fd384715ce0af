/**
 * What users put on their nodes, written next to each minor's repository: the apt source in the
 * one-line and deb822 forms (signed-by the key of this repository only, never a global trust)
 * and the yum/dnf .repo file with upstream's `exclude=` line, so that a routine `dnf upgrade`
 * never moves the Kubernetes packages (install with `--disableexcludes=kubernetes`).
 */
import type { RepoLocation } from './layout.js';

export const APT_KEYRING = '/etc/apt/keyrings/kubernetes-apt-keyring.gpg';

export interface SnippetInput {
  location: RepoLocation;
  /** where <root> is served, e.g. https://packages.example.com (no trailing slash needed) */
  baseUrl: string;
}

function urls({ location, baseUrl }: SnippetInput) {
  const base = `${baseUrl.replace(/\/+$/, '')}/${location.path}`;
  return { deb: `${base}/deb/`, rpm: `${base}/rpm/` };
}

export function renderSnippets(input: SnippetInput): Map<string, string> {
  const { deb, rpm } = urls(input);
  const { channel, minor } = input.location;
  const keyHelp =
    `# Kubernetes v${minor} (${channel}). First install the key:\n` +
    `#   sudo mkdir -p -m 755 /etc/apt/keyrings\n` +
    `#   curl -fsSL ${deb}Release.key | sudo gpg --dearmor -o ${APT_KEYRING}\n`;
  const list = `${keyHelp}deb [signed-by=${APT_KEYRING}] ${deb} /\n`;
  const sources = `${keyHelp}Types: deb\nURIs: ${deb}\nSuites: /\nSigned-By: ${APT_KEYRING}\n`;
  const repo =
    `# Kubernetes v${minor} (${channel}). Install with: ` +
    'dnf install --disableexcludes=kubernetes kubelet kubeadm kubectl\n' +
    `[kubernetes]\n` +
    `name=Kubernetes v${minor} (${channel})\n` +
    `baseurl=${rpm}\n` +
    `enabled=1\n` +
    `gpgcheck=1\n` +
    `repo_gpgcheck=1\n` +
    `gpgkey=${rpm}repodata/repomd.xml.key\n` +
    `exclude=kubelet kubeadm kubectl cri-tools kubernetes-cni\n`;
  return new Map([
    ['kubernetes.list', list],
    ['kubernetes.sources', sources],
    ['kubernetes.repo', repo],
  ]);
}
