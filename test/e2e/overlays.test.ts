/**
 * End to end: the three example overlays of examples/overlays/ (docs/packaging.md), and the
 * versioned naming scheme, built through the CLI (`kubepkg build --definitions DIR`) from a demo
 * mirror in every format, and read back with dpkg-deb, rpm and tar. The expected names,
 * relations and files are written out here by hand, not derived from the overlays.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { kubepkgOk } from '../support/cli.js';
import {
  type BuiltFormat,
  type PackageView,
  packagedFile,
  postInstallScript,
  viewPackage,
} from '../support/overlay-packages.js';
import { PROJECT_ROOT } from '../support/paths.js';
import { makeTempDir, removeTempDirs } from '../support/temp.js';
import { INSPECTION_TOOLS, requireTools } from '../support/tools.js';

const FORMATS: BuiltFormat[] = ['deb', 'rpm', 'archlinux'];
const OVERLAYS = join(PROJECT_ROOT, 'examples', 'overlays');
/** the demo mirror's 1.31 and 1.32 releases, with the cri-tools/CNI that packaging/components.yaml pairs them with */
const V131 = { kubernetes: '1.31.4', criTools: '1.31.0', cni: '1.4.0' };
const V132 = { kubernetes: '1.32.1', criTools: '1.32.0', cni: '1.6.0' };
const ACME_MAINTAINER = 'ACME Platform Team <platform@acme.example>';
const ENV_FILE: Record<BuiltFormat, string> = {
  deb: '/etc/default/kubelet',
  rpm: '/etc/sysconfig/kubelet',
  archlinux: '/etc/kubernetes/kubelet.env',
};
const DROP_IN: Record<BuiltFormat, string> = {
  deb: '/lib/systemd/system/kubelet.service.d/10-kubeadm.conf',
  rpm: '/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf',
  archlinux: '/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf',
};

let tmp: string;
let mirror: string;
const outs: Record<string, string> = {};

/** `name op version` written the format's way. */
function dep(format: BuiltFormat, name: string, op?: string, version?: string): string {
  if (!op) return name;
  if (format === 'deb') return `${name} (${op} ${version})`;
  if (format === 'rpm') return `${name} ${op} ${version}`;
  return `${name}${op}${version}`;
}

/** The file of package `name` (as built) at `version`, in out directory `out`. */
async function fileOf(out: string, name: string, version: string, format: BuiltFormat): Promise<string> {
  const want =
    format === 'deb'
      ? `${name}_${version}-1_amd64.deb`
      : format === 'rpm'
        ? `${name}-${version}-1.x86_64.rpm`
        : `${name}-${version}-1-x86_64.pkg.tar.zst`;
  const files = await readdir(outs[out]!);
  if (!files.includes(want)) throw new Error(`${want} is not in ${out}'s output: ${files.join(', ')}`);
  return join(outs[out]!, want);
}

async function view(out: string, name: string, version: string, format: BuiltFormat): Promise<PackageView> {
  return viewPackage(await fileOf(out, name, version, format), format, join(tmp, 'x', out, format));
}

async function build(name: string, version: typeof V131, definitions: string[]): Promise<void> {
  outs[name] = join(tmp, name);
  await kubepkgOk([
    'build',
    '--kubernetes-version',
    version.kubernetes,
    '--mirror',
    mirror,
    '--arch',
    'amd64',
    '--format',
    FORMATS.join(','),
    '--out',
    outs[name]!,
    ...definitions.flatMap((d) => ['--definitions', d]),
  ]);
}

beforeAll(async () => {
  await requireTools(INSPECTION_TOOLS);
  tmp = await makeTempDir('overlays');
  mirror = join(tmp, 'mirror');
  await kubepkgOk([
    'demo-mirror',
    '--out',
    mirror,
    '--arch',
    'amd64',
    '--kubernetes-version',
    `${V131.kubernetes},${V132.kubernetes}`,
  ]);
  const versioned = join(tmp, 'versioned-overlay');
  await mkdir(join(versioned, 'packaging'), { recursive: true });
  await writeFile(join(versioned, 'packaging', 'defaults.yaml'), 'packageNames: kubernetes{minor}-{name}\n');
  await build('acme', V131, [join(OVERLAYS, 'acme')]);
  await build('node-prep', V131, [join(OVERLAYS, 'node-prep')]);
  await build('env-file', V131, [join(OVERLAYS, 'env-file')]);
  await build('stacked', V131, [join(OVERLAYS, 'node-prep'), join(OVERLAYS, 'acme')]);
  await build('versioned-1.31', V131, [versioned]);
  await build('versioned-1.32', V132, [versioned]);
}, 600_000);

afterAll(() => removeTempDirs());

describe('acme: a company rebuild with its own maintainer and names', () => {
  test.each(FORMATS)('%s: every package is acme-NAME, by ACME, and nothing else was built', async (format) => {
    const packages = (await readdir(outs.acme!)).filter((f) => /\.(deb|rpm|zst)$/.test(f));
    const ofFormat = packages.filter((f) =>
      format === 'deb' ? f.endsWith('.deb') : format === 'rpm' ? f.endsWith('.rpm') : f.endsWith('.zst'),
    );
    expect(ofFormat).toHaveLength(5);
    expect(ofFormat.every((f) => f.startsWith('acme-'))).toBe(true);
    for (const [name, version] of [
      ['kubeadm', V131.kubernetes],
      ['kubelet', V131.kubernetes],
      ['kubectl', V131.kubernetes],
      ['cri-tools', V131.criTools],
      ['kubernetes-cni', V131.cni],
    ] as const) {
      const p = await view('acme', `acme-${name}`, version, format);
      expect({ name: p.name, maintainer: p.maintainer }).toEqual({ name: `acme-${name}`, maintainer: ACME_MAINTAINER });
      // provides its plain name at its own version, conflicts with and replaces it
      expect({ provides: p.provides, conflicts: p.conflicts, replaces: p.replaces }).toEqual({
        provides: [dep(format, name, '=', `${version}-1`)],
        conflicts: [name],
        replaces: [name],
      });
    }
  });

  test('deb: each package’s copyright file is in its own doc directory (Debian policy 12.5)', async () => {
    for (const [name, version] of [
      ['kubelet', V131.kubernetes],
      ['cri-tools', V131.criTools],
    ] as const) {
      const p = await view('acme', `acme-${name}`, version, 'deb');
      expect(p.files.filter((f) => f.startsWith('/usr/share/doc/'))).toEqual([`/usr/share/doc/acme-${name}/copyright`]);
    }
    const versioned = await view('versioned-1.31', 'kubernetes1.31-kubelet', V131.kubernetes, 'deb');
    expect(versioned.files).toContain('/usr/share/doc/kubernetes1.31-kubelet/copyright');
  });

  test.each(FORMATS)('%s: dependencies between the packages follow the names', async (format) => {
    const kubeadm = await view('acme', 'acme-kubeadm', V131.kubernetes, format);
    const conntrack = format === 'deb' ? 'conntrack' : 'conntrack-tools';
    expect(kubeadm.depends).toEqual([dep(format, 'acme-cri-tools', '>=', '1.30.0'), conntrack]);
    const kubelet = await view('acme', 'acme-kubelet', V131.kubernetes, format);
    expect(kubelet.depends[0]).toBe(dep(format, 'acme-kubernetes-cni', '>=', '1.2.0'));
    // the system's packages keep their names
    expect(kubelet.depends).toContain(format === 'rpm' ? 'iproute' : 'iproute2');
    expect(kubelet.depends.filter((d) => /^(kubernetes-cni|cri-tools|kubelet|kubectl)\b/.test(d))).toEqual([]);
  });

  test.each(FORMATS)('%s: kubelet’s environment file holds ACME’s flags, a kept config file', async (format) => {
    const file = await fileOf('acme', 'acme-kubelet', V131.kubernetes, format);
    const env = await packagedFile(file, format, ENV_FILE[format], join(tmp, 'x', 'acme-env'));
    // the template sees the definition's name
    expect(env).toBe(
      "# kubelet: ACME's defaults. Edits survive upgrades (a kept config file).\n" +
        'KUBELET_EXTRA_ARGS=--node-labels=acme.example/fleet=default\n',
    );
    const p = await viewPackage(file, format, join(tmp, 'x', 'acme-env', format));
    expect(p.config).toEqual([ENV_FILE[format]]);
  });
});

describe('node-prep: a new package', () => {
  const SYSCTL = '/etc/sysctl.d/99-kubernetes.conf';
  const MODULES = '/etc/modules-load.d/k8s.conf';

  test.each(FORMATS)('%s: kubernetes-node-prep ships the module list and the sysctl settings, kept', async (format) => {
    const file = await fileOf('node-prep', 'kubernetes-node-prep', V131.kubernetes, format);
    const p = await viewPackage(file, format, join(tmp, 'x', 'prep', format));
    const doc = format === 'deb' ? ['/usr/share/doc/kubernetes-node-prep/copyright'] : [];
    expect(p.files).toEqual([MODULES, SYSCTL, ...doc].sort());
    expect(p.config).toEqual([MODULES, SYSCTL]);
    const modules = await packagedFile(file, format, MODULES, join(tmp, 'x', 'prep-files'));
    expect(modules.split('\n').filter((l) => l && !l.startsWith('#'))).toEqual(['overlay', 'br_netfilter']);
    const sysctl = await packagedFile(file, format, SYSCTL, join(tmp, 'x', 'prep-files'));
    expect(sysctl.split('\n').filter((l) => l && !l.startsWith('#'))).toEqual([
      'net.ipv4.ip_forward = 1',
      'net.bridge.bridge-nf-call-iptables = 1',
      'net.bridge.bridge-nf-call-ip6tables = 1',
    ]);
    // the settings are applied on installation, not only at the next boot
    const script = await postInstallScript(file, format, join(tmp, 'x', 'prep', format));
    expect(script).toMatch(/systemd-sysctl"? \/etc\/sysctl\.d\/99-kubernetes\.conf/);
    expect(script).toMatch(/systemd-modules-load"? \/etc\/modules-load\.d\/k8s\.conf/);
  });

  test.each(FORMATS)('%s: kubelet recommends it (pacman has no optional dependencies from nfpm)', async (format) => {
    const kubelet = await view('node-prep', 'kubelet', V131.kubernetes, format);
    expect(kubelet.recommends).toEqual(format === 'archlinux' ? [] : ['kubernetes-node-prep']);
  });

  test('without the overlay there is no such package', async () => {
    expect((await readdir(outs.acme!)).some((f) => f.includes('node-prep'))).toBe(false);
  });

  test.each(FORMATS)('%s: stacked under acme it is acme-kubernetes-node-prep, recommended by name', async (format) => {
    const prep = await view('stacked', 'acme-kubernetes-node-prep', V131.kubernetes, format);
    expect(prep.maintainer).toBe(ACME_MAINTAINER);
    expect(prep.provides).toEqual([dep(format, 'kubernetes-node-prep', '=', `${V131.kubernetes}-1`)]);
    const kubelet = await view('stacked', 'acme-kubelet', V131.kubernetes, format);
    expect(kubelet.recommends).toEqual(format === 'archlinux' ? [] : ['acme-kubernetes-node-prep']);
  });
});

describe('env-file: a distribution that moves the environment file', () => {
  test.each(FORMATS)('%s: kubelet ships /etc/kubernetes/kubelet.env and kubeadm’s drop-in reads it', async (format) => {
    const kubelet = await view('env-file', 'kubelet', V131.kubernetes, format);
    expect(kubelet.files).toContain('/etc/kubernetes/kubelet.env');
    expect(kubelet.files.filter((f) => f.startsWith('/etc/default') || f.startsWith('/etc/sysconfig'))).toEqual([]);
    expect(kubelet.config).toEqual(['/etc/kubernetes/kubelet.env']);
    const kubeadm = await fileOf('env-file', 'kubeadm', V131.kubernetes, format);
    const dropIn = await packagedFile(kubeadm, format, DROP_IN[format], join(tmp, 'x', 'env-file'));
    expect(dropIn.split('\n').filter((l) => l.startsWith('EnvironmentFile='))).toEqual([
      'EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env',
      'EnvironmentFile=-/etc/kubernetes/kubelet.env',
    ]);
  });
});

describe('versioned names: kubernetes{minor}-{name}, as openSUSE names them', () => {
  test.each(FORMATS)('%s: one name per minor, each providing and conflicting with the plain name', async (format) => {
    for (const [out, v] of [
      ['versioned-1.31', V131],
      ['versioned-1.32', V132],
    ] as const) {
      const minor = v.kubernetes.split('.').slice(0, 2).join('.');
      const kubelet = await view(out, `kubernetes${minor}-kubelet`, v.kubernetes, format);
      expect(kubelet.provides).toEqual([dep(format, 'kubelet', '=', `${v.kubernetes}-1`)]);
      expect(kubelet.conflicts).toEqual(['kubelet']);
      expect(kubelet.replaces).toEqual(['kubelet']);
      expect(kubelet.depends[0]).toBe(dep(format, `kubernetes${minor}-kubernetes-cni`, '>=', '1.2.0'));
      const cni = await view(out, `kubernetes${minor}-kubernetes-cni`, v.cni, format);
      expect(cni.provides).toEqual([dep(format, 'kubernetes-cni', '=', `${v.cni}-1`)]);
    }
    // kubeadm < 1.32 depends on cri-tools: the cri-tools of its own minor
    const kubeadm = await view('versioned-1.31', 'kubernetes1.31-kubeadm', V131.kubernetes, format);
    expect(kubeadm.depends[0]).toBe(dep(format, 'kubernetes1.31-cri-tools', '>=', '1.30.0'));
  });
});
