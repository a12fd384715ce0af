/**
 * Test fixtures for the repository tests: a throwaway GnuPG key, tiny packages built with the
 * real nfpm (RPMs signed through nfpm's rpm.signature.key_file), and small tool wrappers.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { minimalEnv, run } from '../../src/exec.js';
import { realNfpm } from './tools.js';

export interface TestKey {
  /** armored secret key */
  secretFile: string;
  /** armored public key */
  publicFile: string;
  /** binary keyring of the public key, for gpgv --keyring and apt's signed-by */
  keyringFile: string;
  fingerprint: string;
  passphrase: string;
}

/** A fresh RSA signing key in its own GNUPGHOME (removed afterwards), exported to files. */
export async function makeKey(
  dir: string,
  name: string,
  options: { passphrase?: string; expire?: string; signingSubkeyExpire?: string } = {},
): Promise<TestKey> {
  const home = await mkdtemp(join(tmpdir(), 'kubepkg-testgpg-'));
  const env = minimalEnv({ GNUPGHOME: home });
  const passphrase = options.passphrase ?? '';
  const gpg = (args: string[]) =>
    run('gpg', ['--batch', '--pinentry-mode', 'loopback', '--passphrase', passphrase, ...args], { env });
  try {
    // with signingSubkeyExpire: a certify-only primary and a signing subkey, as many release keys are
    const usage = options.signingSubkeyExpire ? 'cert' : 'sign';
    await gpg(['--quick-gen-key', `${name} <${name}@example.invalid>`, 'rsa2048', usage, options.expire ?? '1y']);
    const listing = await gpg(['--with-colons', '--list-secret-keys']);
    const fingerprint = /^fpr:(?::*)([0-9A-F]{40}):/m.exec(listing.stdout)![1]!;
    if (options.signingSubkeyExpire)
      await gpg(['--quick-add-key', fingerprint, 'rsa2048', 'sign', options.signingSubkeyExpire]);
    await mkdir(dir, { recursive: true });
    const secretFile = join(dir, `${name}.secret.asc`);
    const publicFile = join(dir, `${name}.public.asc`);
    const keyringFile = join(dir, `${name}.public.gpg`);
    await writeFile(secretFile, (await gpg(['--armor', '--export-secret-keys', fingerprint])).stdout);
    await writeFile(publicFile, (await gpg(['--armor', '--export', fingerprint])).stdout);
    await run('gpg', ['--batch', '--yes', '--dearmor', '--output', keyringFile, publicFile], { env });
    return { secretFile, publicFile, keyringFile, fingerprint, passphrase };
  } finally {
    await run('gpgconf', ['--kill', 'gpg-agent'], { env }).catch(() => undefined);
    await rm(home, { recursive: true, force: true });
  }
}

export interface TestPackage {
  name: string;
  version: string;
  /** deb-style relations; turned into rpm syntax for RPMs */
  depends?: Array<[string, string, string]>;
  /** changes the payload, to make a different package under the same name/version */
  salt?: string;
}

const RPM_OP: Record<string, string> = { '>=': '>=', '<<': '<', '<=': '<=', '=': '=', '>>': '>' };

/** Builds each package for each arch and format with nfpm; returns the file paths. */
export async function buildPackages(
  dir: string,
  packages: TestPackage[],
  options: { arches?: string[]; formats?: Array<'deb' | 'rpm'>; rpmKey?: TestKey } = {},
): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  for (const p of packages) {
    const payload = join(dir, `${p.name}-${p.version}-${p.salt ?? ''}.sh`);
    await writeFile(payload, `#!/bin/sh\necho ${p.name} ${p.version} ${p.salt ?? ''}\n`);
    for (const arch of options.arches ?? ['amd64']) {
      for (const format of options.formats ?? ['deb', 'rpm']) {
        const depends = (p.depends ?? []).map(([n, op, v]) =>
          format === 'deb' ? `${n} (${op} ${v})` : `${n} ${RPM_OP[op]} ${v}`,
        );
        const config = {
          name: p.name,
          arch,
          platform: 'linux',
          version: p.version,
          version_schema: 'none',
          release: '1',
          maintainer: 'Kubernetes Authors <dev@kubernetes.io>',
          description: `test ${p.name}`,
          homepage: 'https://kubernetes.io',
          license: 'Apache-2.0',
          section: 'admin',
          priority: 'optional',
          // reproducible: the same package built twice has the same header and payload
          mtime: '2000-01-01T00:00:00Z',
          ...(depends.length ? { depends } : {}),
          contents: [{ src: payload, dst: `/usr/bin/${p.name}`, file_info: { mode: 0o755 } }],
          ...(format === 'rpm'
            ? {
                rpm: {
                  buildhost: 'kubepkg',
                  ...(options.rpmKey ? { signature: { key_file: options.rpmKey.secretFile } } : {}),
                },
              }
            : {}),
        };
        const configFile = join(dir, `${p.name}-${p.version}-${arch}-${format}.yaml`);
        await writeFile(configFile, stringify(config));
        const target = join(dir, `${p.name}-${p.version}-${arch}${p.salt ?? ''}.${format}`);
        const env = minimalEnv(options.rpmKey?.passphrase ? { NFPM_RPM_PASSPHRASE: options.rpmKey.passphrase } : {});
        await run(await realNfpm(), ['package', '--config', configFile, '--packager', format, '--target', target], {
          env,
          cwd: dir,
        });
        files.push(target);
      }
    }
  }
  return files;
}

/** The five packages of one Kubernetes patch release, with upstream-like dependencies. */
export function kubernetesSet(
  version: string,
  minor: string,
  options: { without?: string[]; salt?: string } = {},
): TestPackage[] {
  const all: TestPackage[] = [
    {
      name: 'kubeadm',
      version,
      depends: [
        ['kubelet', '>=', `${minor}.0`],
        ['kubectl', '>=', `${minor}.0`],
        ['cri-tools', '>=', `${minor}.0`],
      ],
    },
    { name: 'kubelet', version, depends: [['kubernetes-cni', '>=', '1.4.0']] },
    { name: 'kubectl', version },
    { name: 'cri-tools', version: `${minor}.0` },
    { name: 'kubernetes-cni', version: '1.4.0' },
  ];
  return all.filter((p) => !options.without?.includes(p.name)).map((p) => ({ ...p, salt: options.salt }));
}
