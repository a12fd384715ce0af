/**
 * src/render/nfpm-config.ts: the nfpm configuration of one target, checked key by key on
 * hand-made targets (test/support/targets.ts). No nfpm runs here; the e2e suites build with it.
 */
import YAML from 'yaml';
import { ARCHITECTURES } from '../../src/arch.js';
import {
  type ConfigInputs,
  type NfpmContent,
  nfpmConfigFor,
  serialiseNfpmConfig,
} from '../../src/render/nfpm-config.js';
import { thrownBy } from '../support/errors.js';
import { cniTarget, kubeletTarget } from '../support/targets.js';

const root = (mode: number): NfpmContent['file_info'] => ({ mode, owner: 'root', group: 'root' });

const CONTENTS: NfpmContent[] = [
  { dst: '/var/lib/kubelet', type: 'dir', file_info: root(0o755) },
  { src: '/work/mirror/kubelet', dst: '/usr/bin/kubelet', file_info: root(0o755) },
  { src: '/work/render/files/kubelet', dst: '/etc/default/kubelet', type: 'config|noreplace', file_info: root(0o644) },
];

const inputs = (overrides: Partial<ConfigInputs> = {}): ConfigInputs => ({
  contents: CONTENTS,
  scripts: { postinstall: '/work/render/scripts/postinstall.sh' },
  compression: 'gzip:6',
  sourceDateEpoch: 946684800,
  ...overrides,
});

describe('nfpmConfigFor: the DEB config', () => {
  test('carries the metadata, the contents and the scripts, and nothing for RPM', () => {
    expect(nfpmConfigFor(kubeletTarget('deb'), inputs())).toEqual({
      name: 'kubelet',
      arch: 'amd64',
      platform: 'linux',
      version: '1.31.4',
      version_schema: 'none',
      release: '1',
      section: 'net',
      priority: 'optional',
      maintainer: 'Kubernetes Authors <dev@kubernetes.io>',
      description: 'Node agent for Kubernetes clusters\nNode agent for Kubernetes clusters.',
      vendor: 'Kubernetes Authors',
      homepage: 'https://kubernetes.io',
      license: 'Apache-2.0',
      mtime: '2000-01-01T00:00:00Z',
      disable_globbing: true,
      contents: CONTENTS,
      depends: ['kubernetes-cni (>= 1.2.0)', 'iptables (>= 1.4.21)', 'util-linux'],
      scripts: { postinstall: '/work/render/scripts/postinstall.sh' },
      deb: { compression: 'gzip:6' },
    });
  });

  test('uses the tilde package version, never the semver one, with version_schema none', () => {
    const target = kubeletTarget('deb', 'amd64', { version: '1.32.0-rc.1', packageVersion: '1.32.0~rc.1' });
    const config = nfpmConfigFor(target, inputs());
    expect([config.version, config.version_schema]).toEqual(['1.32.0~rc.1', 'none']);
  });

  test('the revision is the release', () => {
    expect(nfpmConfigFor(kubeletTarget('deb', 'amd64', { revision: '2.el9' }), inputs()).release).toBe('2.el9');
  });

  test('the signing key is for RPMs only: a DEB config has no signature anywhere', () => {
    const config = nfpmConfigFor(kubeletTarget('deb'), inputs({ rpmSignatureKeyFile: '/keys/signing.asc' }));
    expect(config.rpm).toBeUndefined();
    expect(serialiseNfpmConfig(config)).not.toContain('signing.asc');
  });
});

describe('nfpmConfigFor: the RPM config', () => {
  test('has the rpm block (summary, packager, a fixed build host) and no deb block', () => {
    const config = nfpmConfigFor(kubeletTarget('rpm'), inputs({ compression: 'zstd:3' }));
    expect(config.deb).toBeUndefined();
    expect(config.rpm).toEqual({
      compression: 'zstd:3',
      summary: 'Node agent for Kubernetes clusters',
      packager: 'Kubernetes Authors <dev@kubernetes.io>',
      buildhost: 'kubepkg',
    });
    expect(config.arch).toBe('amd64');
  });

  test('a signing key becomes rpm.signature.key_file, and only then', () => {
    const signed = nfpmConfigFor(kubeletTarget('rpm'), inputs({ rpmSignatureKeyFile: '/keys/signing.asc' }));
    expect(signed.rpm?.signature).toEqual({ key_file: '/keys/signing.asc' });
    expect(nfpmConfigFor(kubeletTarget('rpm'), inputs()).rpm).not.toHaveProperty('signature');
  });
});

describe('nfpmConfigFor: values that depend on the target', () => {
  test.each([
    ['amd64', 'amd64'],
    ['arm64', 'arm64'],
    ['ppc64le', 'ppc64le'],
    ['s390x', 's390x'],
    ['arm', 'arm7'],
  ] as const)('architecture %s is nfpm arch %s for both formats', (arch, nfpmArch) => {
    expect(nfpmConfigFor(kubeletTarget('deb', arch), inputs()).arch).toBe(nfpmArch);
    expect(nfpmConfigFor(kubeletTarget('rpm', arch), inputs()).arch).toBe(nfpmArch);
  });

  test('every architecture kubepkg knows has an nfpm name', () => {
    for (const arch of ARCHITECTURES) expect(nfpmConfigFor(kubeletTarget('deb', arch), inputs()).arch).toMatch(/^\w+$/);
  });

  test.each([
    [0, '1970-01-01T00:00:00Z'],
    [946684800, '2000-01-01T00:00:00Z'],
    [1700000000, '2023-11-14T22:13:20Z'],
  ])('SOURCE_DATE_EPOCH %d is mtime %s (whole seconds, UTC)', (epoch, mtime) => {
    expect(nfpmConfigFor(kubeletTarget('deb'), inputs({ sourceDateEpoch: epoch })).mtime).toBe(mtime);
  });

  test.each(['gzip:6', 'gzip:9', 'zstd:3', 'xz', 'none'])(
    'compression %s is passed through to the format block',
    (c) => {
      expect(nfpmConfigFor(kubeletTarget('deb'), inputs({ compression: c })).deb).toEqual({ compression: c });
      expect(nfpmConfigFor(kubeletTarget('rpm'), inputs({ compression: c })).rpm?.compression).toBe(c);
    },
  );

  test('recommends appear only when there are some', () => {
    expect(nfpmConfigFor(kubeletTarget('deb'), inputs())).not.toHaveProperty('recommends');
    const target = kubeletTarget('deb', 'amd64', { recommends: ['conntrack'] });
    expect(nfpmConfigFor(target, inputs()).recommends).toEqual(['conntrack']);
  });

  test('no empty blocks: a package without dependencies or scripts has neither key', () => {
    const config = nfpmConfigFor(cniTarget('deb'), inputs({ scripts: {} }));
    expect(Object.keys(config)).not.toContain('depends');
    expect(Object.keys(config)).not.toContain('scripts');
    const undefinedScripts = nfpmConfigFor(cniTarget('deb'), inputs({ scripts: undefined }));
    expect(Object.keys(undefinedScripts)).not.toContain('scripts');
  });

  test('globbing is always off, so paths holding [ ] * ? stay literal', () => {
    const contents = [{ src: '/m [a]/*/kubelet?', dst: '/usr/bin/kubelet', file_info: root(0o755) }];
    const config = nfpmConfigFor(kubeletTarget('deb'), inputs({ contents }));
    expect(config.disable_globbing).toBe(true);
    expect(config.contents[0]?.src).toBe('/m [a]/*/kubelet?');
  });
});

describe('nfpmConfigFor: "$" is refused, naming the key', () => {
  test('in a content source path', () => {
    const contents = [...CONTENTS, { src: '/tmp/a$HOME/kubelet', dst: '/usr/bin/x', file_info: root(0o755) }];
    const err = thrownBy(() => nfpmConfigFor(kubeletTarget('deb'), inputs({ contents })));
    expect(err.code).toBe('EDOLLAR');
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain('kubelet/amd64/deb');
    expect(err.message).toContain('contents[3].src');
    expect(err.message).toContain('/tmp/a$HOME/kubelet');
    expect(err.fix).toMatch(/\$/);
  });

  test.each([
    ['description', { metadata: { ...kubeletTarget().metadata, description: 'costs $5' } }],
    ['maintainer', { metadata: { ...kubeletTarget().metadata, maintainer: 'Ops ${TEAM}' } }],
    ['depends[1]', { depends: ['kubernetes-cni', 'lib$x'] }],
    ['recommends[0]', { recommends: ['$pkg'] }],
    ['release', { revision: '1$' }],
  ])('in %s', (key, overrides) => {
    const err = thrownBy(() => nfpmConfigFor(kubeletTarget('deb', 'amd64', overrides), inputs()));
    expect(err.code).toBe('EDOLLAR');
    expect(err.message).toContain(`setting ${key} contains`);
  });

  test('in a script path and in the RPM signing key path', () => {
    const script = thrownBy(() =>
      nfpmConfigFor(kubeletTarget('rpm'), inputs({ scripts: { postremove: '/r$/scripts/postremove.sh' } })),
    );
    expect(script.message).toContain('scripts.postremove');
    const key = thrownBy(() => nfpmConfigFor(kubeletTarget('rpm'), inputs({ rpmSignatureKeyFile: '/k/$key.asc' })));
    expect(key.message).toContain('rpm.signature.key_file');
    expect(key.message).toContain('kubelet/amd64/rpm');
  });

  test('a value without "$" anywhere passes, however odd its other characters', () => {
    const metadata = { ...kubeletTarget().metadata, description: `quotes " ' back\\slash {braces} %percent #hash` };
    expect(() => nfpmConfigFor(kubeletTarget('deb', 'amd64', { metadata }), inputs())).not.toThrow();
  });
});

describe('serialiseNfpmConfig', () => {
  test('reads back to the same config, every string intact', () => {
    const metadata = {
      ...kubeletTarget().metadata,
      description: 'line one: with a colon\n  indented line # not a comment\n"quoted" and \'single\'',
    };
    const config = nfpmConfigFor(
      kubeletTarget('rpm', 'arm64', { metadata }),
      inputs({ rpmSignatureKeyFile: '/k.asc' }),
    );
    expect(YAML.parse(serialiseNfpmConfig(config))).toEqual(config);
  });

  test('double-quotes string values, keeps keys plain and modes as numbers', () => {
    const text = serialiseNfpmConfig(nfpmConfigFor(kubeletTarget('deb'), inputs()));
    expect(text).toContain('name: "kubelet"\n');
    expect(text).toContain('version: "1.31.4"\n');
    expect(text).toContain('mode: 493\n');
    expect(text).toContain('disable_globbing: true\n');
    expect(text).toMatch(/^ {4}type: "config\|noreplace"$/m);
  });

  test('never folds a long value onto a second line', () => {
    const long = `/work/${'very-long-directory-name/'.repeat(12)}kubelet`;
    const contents = [{ src: long, dst: '/usr/bin/kubelet', file_info: root(0o755) }];
    const text = serialiseNfpmConfig(nfpmConfigFor(kubeletTarget('deb'), inputs({ contents })));
    expect(text.split('\n')).toContain(`  - src: "${long}"`);
  });

  test('lists the keys in a fixed order, so that the same target renders the same bytes', () => {
    const a = serialiseNfpmConfig(nfpmConfigFor(kubeletTarget('rpm'), inputs()));
    const b = serialiseNfpmConfig(nfpmConfigFor(kubeletTarget('rpm'), inputs()));
    expect(a).toBe(b);
    const keys = [...a.matchAll(/^(\w+):/gm)].map((m) => m[1]);
    expect(keys.slice(0, 5)).toEqual(['name', 'arch', 'platform', 'version', 'version_schema']);
    expect(keys.at(-1)).toBe('rpm');
  });
});
