/**
 * The flat apt repository's index files (src/repo/apt.ts) and Debian control data
 * (src/repo/control.ts), built from fake package records: no dpkg, gpg or apt runs here
 * (test/repo checks the result with apt itself).
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  type DebEntry,
  entryForDeb,
  readPackagesIndex,
  renderIndexFiles,
  renderPackagesIndex,
} from '../../src/repo/apt.js';
import { formatConstraint, parseStanzas, renderStanza } from '../../src/repo/control.js';
import type { PackageInfo } from '../../src/repo/types.js';
import { tempDirPerTest } from '../support/temp.js';

const work = tempDirPerTest('apt-index');
const hash = (algorithm: string, data: string | Buffer) => createHash(algorithm).update(data).digest('hex');

/** A stanza as dpkg-deb prints it for one of our packages. */
function control(name: string, version: string, arch = 'amd64'): [string, string][] {
  return [
    ['Package', name],
    ['Version', version],
    ['Architecture', arch],
    ['Maintainer', 'Kubernetes Authors <dev@kubernetes.io>'],
    ['Depends', 'kubernetes-cni (>= 1.2.0), iptables (>= 1.4.21)'],
    ['Section', 'net'],
    ['Description', 'Node agent for Kubernetes clusters\n Node agent for Kubernetes clusters.'],
  ];
}

async function debInfo(name: string, version: string, arch = 'amd64', body = `${name} ${version}`) {
  const path = join(work(), `${name}_${version}_${arch}.deb`);
  await writeFile(path, body);
  const info: PackageInfo = {
    format: 'deb',
    name,
    version,
    upstreamVersion: version.replace(/-[^-]*$/, ''),
    arch,
    depends: [],
    path,
    sha256: hash('sha256', body),
    contentId: hash('sha256', body),
    size: Buffer.byteLength(body),
    control: control(name, version, arch),
  };
  return info;
}

describe('entryForDeb', () => {
  test('adds Filename, Size and the four hashes before Description, keeping the control order', async () => {
    const info = await debInfo('kubelet', '1.31.4-1');
    const entry = await entryForDeb(info, 'amd64/kubelet_1.31.4-1_amd64.deb');
    const body = 'kubelet 1.31.4-1';
    expect(entry.stanza.map(([k]) => k)).toEqual([
      'Package',
      'Version',
      'Architecture',
      'Maintainer',
      'Depends',
      'Section',
      'Filename',
      'Size',
      'MD5sum',
      'SHA1',
      'SHA256',
      'SHA512',
      'Description',
    ]);
    expect(Object.fromEntries(entry.stanza)).toMatchObject({
      Filename: 'amd64/kubelet_1.31.4-1_amd64.deb',
      Size: String(body.length),
      MD5sum: hash('md5', body),
      SHA1: hash('sha1', body),
      SHA256: hash('sha256', body),
      SHA512: hash('sha512', body),
    });
    expect(entry).toMatchObject({ format: 'deb', name: 'kubelet', version: '1.31.4-1', arch: 'amd64' });
    expect(entry.sha256).toBe(hash('sha256', body));
  });

  test('reads the dependencies out of Depends as clauses', async () => {
    const entry = await entryForDeb(await debInfo('kubelet', '1.31.4-1'), 'amd64/k.deb');
    expect(entry.depends).toEqual([
      [{ name: 'kubernetes-cni', relation: '>=', version: '1.2.0' }],
      [{ name: 'iptables', relation: '>=', version: '1.4.21' }],
    ]);
  });

  test('a control stanza that already has hash fields gets them replaced, not doubled', async () => {
    const info = await debInfo('kubectl', '1.31.4-1');
    info.control = [...info.control!, ['SHA256', 'stale'], ['Size', '1']];
    const entry = await entryForDeb(info, 'amd64/kubectl.deb');
    expect(entry.stanza.filter(([k]) => k === 'SHA256')).toEqual([['SHA256', info.sha256]]);
    expect(entry.stanza.filter(([k]) => k === 'Size')).toEqual([['Size', String(info.size)]]);
  });
});

describe('renderPackagesIndex', () => {
  const entry = (name: string, version: string, arch = 'amd64'): DebEntry => ({
    format: 'deb',
    name,
    version,
    arch,
    depends: [],
    sha256: '',
    stanza: [
      ['Package', name],
      ['Version', version],
      ['Architecture', arch],
    ],
  });

  test('sorts by name, then Debian version order (a prerelease first), then architecture', () => {
    const text = renderPackagesIndex([
      entry('kubelet', '1.32.0-1', 'arm64'),
      entry('kubeadm', '1.32.0-1'),
      entry('kubelet', '1.32.0-1', 'amd64'),
      entry('kubelet', '1.32.0~rc.1-1'),
      entry('kubelet', '1.31.10-1'),
      entry('kubelet', '1.31.9-1'),
    ]);
    const order = parseStanzas(text).map((s) => s.map(([, v]) => v).join(' '));
    expect(order).toEqual([
      'kubeadm 1.32.0-1 amd64',
      'kubelet 1.31.9-1 amd64',
      'kubelet 1.31.10-1 amd64',
      'kubelet 1.32.0~rc.1-1 amd64',
      'kubelet 1.32.0-1 amd64',
      'kubelet 1.32.0-1 arm64',
    ]);
  });

  test('separates stanzas by one blank line and ends with a newline', () => {
    const text = renderPackagesIndex([entry('a', '1'), entry('b', '1')]);
    expect(text).toBe('Package: a\nVersion: 1\nArchitecture: amd64\n\nPackage: b\nVersion: 1\nArchitecture: amd64\n');
    expect(renderPackagesIndex([])).toBe('');
  });
});

describe('renderIndexFiles', () => {
  const release = {
    origin: 'kubepkg',
    label: 'Kubernetes v1.31',
    description: 'Kubernetes v1.31 (stable)',
    architectures: ['amd64', 'arm64'],
    date: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)),
  };

  test('Packages, Packages.gz and a Release that vouches for both', async () => {
    const entries = [await entryForDeb(await debInfo('kubectl', '1.31.4-1'), 'amd64/kubectl.deb')];
    const files = renderIndexFiles(entries, release);
    expect([...files.keys()]).toEqual(['Packages', 'Packages.gz', 'Release']);
    const packages = files.get('Packages')!;
    expect(packages.toString()).toBe(renderPackagesIndex(entries));
    expect(gunzipSync(files.get('Packages.gz')!)).toEqual(packages);

    const text = files.get('Release')!.toString();
    expect(text.split('\n').slice(0, 5)).toEqual([
      'Origin: kubepkg',
      'Label: Kubernetes v1.31',
      'Architectures: amd64 arm64',
      'Date: Fri, 02 Jan 2026 03:04:05 UTC',
      'Description: Kubernetes v1.31 (stable)',
    ]);
    for (const algorithm of ['md5', 'sha1', 'sha256', 'sha512']) {
      for (const name of ['Packages', 'Packages.gz']) {
        const bytes = files.get(name)!;
        expect(text).toContain(` ${hash(algorithm, bytes)} ${String(bytes.length).padStart(8)} ${name}\n`);
      }
    }
    expect(text).toMatch(/^MD5Sum:$/m);
    expect(text).toMatch(/^SHA512:$/m);
  });

  test('the same entries give the same bytes (Packages.gz has no name or time in it)', async () => {
    const entries = [await entryForDeb(await debInfo('kubeadm', '1.31.4-1'), 'amd64/kubeadm.deb')];
    const a = renderIndexFiles(entries, release);
    const b = renderIndexFiles(entries, release);
    for (const name of a.keys()) expect(b.get(name)).toEqual(a.get(name));
  });
});

describe('readPackagesIndex', () => {
  test('a repository without Packages yet has no entries', async () => {
    expect(await readPackagesIndex(join(work(), 'Packages'))).toEqual([]);
  });

  test('reads back what renderPackagesIndex wrote', async () => {
    const written = [
      await entryForDeb(await debInfo('kubelet', '1.31.4-1'), 'amd64/kubelet.deb'),
      await entryForDeb(await debInfo('kubeadm', '1.31.4-1'), 'amd64/kubeadm.deb'),
    ];
    const path = join(work(), 'Packages');
    await writeFile(path, renderPackagesIndex(written));
    const read = await readPackagesIndex(path);
    expect(read.map((e) => [e.name, e.version, e.arch, e.sha256])).toEqual([
      ['kubeadm', '1.31.4-1', 'amd64', written[1]!.sha256],
      ['kubelet', '1.31.4-1', 'amd64', written[0]!.sha256],
    ]);
    expect(read[1]!.stanza).toEqual(written[0]!.stanza);
  });

  test('a directory where the file should be is an error, not an empty repository', async () => {
    await expect(readPackagesIndex(work())).rejects.toMatchObject({ code: 'EISDIR' });
  });
});

describe('control data', () => {
  test('a multi-line Description survives parse and render unchanged', () => {
    const text = 'Package: kubelet\nDescription: Node agent\n Second line.\n .\n Third.\n';
    const [stanza] = parseStanzas(text);
    expect(stanza).toEqual([
      ['Package', 'kubelet'],
      ['Description', 'Node agent\n Second line.\n .\n Third.'],
    ]);
    expect(renderStanza(stanza!)).toBe(text);
  });

  test.each([
    [{ name: 'kubelet' }, 'kubelet', 'kubelet'],
    [{ name: 'kubelet', relation: '>=', version: '1.31.0' }, 'kubelet (>= 1.31.0)', 'kubelet >= 1.31.0'],
    [{ name: 'cri-tools', relation: '<', version: '1.32.0' }, 'cri-tools (<< 1.32.0)', 'cri-tools < 1.32.0'],
    [{ name: 'kubectl', relation: '>', version: '1.30' }, 'kubectl (>> 1.30)', 'kubectl > 1.30'],
    [{ name: 'glibc', relation: '=', version: '2.36' }, 'glibc (= 2.36)', 'glibc = 2.36'],
  ] as const)('formatConstraint(%o): deb %p, rpm %p', (constraint, deb, rpm) => {
    expect(formatConstraint(constraint, 'deb')).toBe(deb);
    expect(formatConstraint(constraint, 'rpm')).toBe(rpm);
  });
});
