/**
 * Golden files: for every case in test/golden/cases/<case>/settings.yaml (kubepkg settings
 * without mirror and out), every rendered file and nfpm config, compared byte for byte with
 * test/golden/files/<case>/<package>/<arch>/<format>/. `npm run golden:update` rewrites them;
 * review the diff before committing. Temporary directories are replaced by <MIRROR> and
 * <RENDER> so the files are stable.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { plan, render } from '../../src/api.js';
import type { SettingsInput } from '../../src/config/schema.js';
import { writeDemoMirror } from '../../src/demo/mirror.js';
import { makeTempDir, removeDir } from '../support/temp.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const CASES = join(HERE, 'cases');
const GOLDEN = join(HERE, 'files');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** sha256 of the upstream files (docs/upstream-packages.md §1), by the name we render them as. */
const UPSTREAM_SHA256: Record<string, string> = {
  'kubeadm/deb/10-kubeadm.conf': '3b6e4cb3ac34a6df6dd60ce45c9ebf035fc3ec160dc001b28afb7cca1c11ef06',
  'kubeadm/rpm/10-kubeadm.conf': '46458e5b4adf851099e591acb3248931fc5f4073976fedb11c49d6bfad5c41a8',
  'kubelet/deb/kubelet.service': 'ccc966cee3d366b3e9ca0fe3f603b09218a0d5ed01e54f9cae953208f411141f',
  'kubelet/rpm/kubelet.service': 'ccc966cee3d366b3e9ca0fe3f603b09218a0d5ed01e54f9cae953208f411141f',
  'kubelet/deb/kubelet': '2737f011e1fc6995aeeb6a2071e268e37b1437481bbdb205f5075939f40d7ae7',
  'kubelet/rpm/kubelet': '2737f011e1fc6995aeeb6a2071e268e37b1437481bbdb205f5075939f40d7ae7',
};

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

/** Renders one case into a temp dir; returns its files by golden key. */
async function renderCase(name: string): Promise<Map<string, string>> {
  const settings = YAML.parse(await readFile(join(CASES, name, 'settings.yaml'), 'utf8')) as SettingsInput;
  const work = await makeTempDir(`golden-${name}`);
  try {
    const mirror = join(work, 'mirror');
    const out = join(work, 'render');
    const planned = await plan({ ...settings, mirror, out });
    await writeDemoMirror({
      root: mirror,
      kubernetesVersions: [planned.kubernetesVersion],
      criToolsVersions: [planned.criToolsVersion],
      cniVersions: [planned.cniVersion],
      architectures: [...new Set(planned.targets.map((t) => t.arch))],
    });
    const rendered = new Map<string, string>();
    for (const t of await render({ ...settings, mirror, out }, out)) {
      for (const [file, content] of Object.entries(t.files)) {
        rendered.set(`${t.target.id}/${file}`, content.replaceAll(mirror, '<MIRROR>').replaceAll(out, '<RENDER>'));
      }
    }
    return rendered;
  } finally {
    await removeDir(work);
  }
}

const caseNames = (await readdir(CASES)).sort();

test('the cases are the ones the golden files are for', async () => {
  expect(caseNames).toEqual(expect.arrayContaining(['current', 'legacy', 'prerelease']));
  expect((await readdir(GOLDEN)).sort()).toEqual(caseNames);
});

describe.each(caseNames)('golden case %s', (name) => {
  let rendered: Map<string, string>;
  const golden = join(GOLDEN, name);

  beforeAll(async () => {
    // SOURCE_DATE_EPOCH in the environment would change every timestamp
    delete process.env.SOURCE_DATE_EPOCH;
    rendered = await renderCase(name);
    if (UPDATE) {
      await rm(golden, { recursive: true, force: true });
      for (const [key, content] of rendered) {
        await mkdir(dirname(join(golden, key)), { recursive: true });
        await writeFile(join(golden, key), content);
      }
    }
  });

  test('the set of rendered files matches the golden set', async () => {
    expect([...rendered.keys()].sort()).toEqual(await listFiles(golden));
  });

  test('every rendered file matches its golden copy byte for byte', async () => {
    for (const [key, content] of rendered) {
      const expected = await readFile(join(golden, key), 'utf8');
      expect({ key, content }).toEqual({ key, content: expected });
    }
  });

  test('the upstream files are byte-identical to pkgs.k8s.io (docs/upstream-packages.md §1)', () => {
    let checked = 0;
    for (const [key, content] of rendered) {
      const [pkg, , format, , file] = key.split('/');
      const expected = UPSTREAM_SHA256[`${pkg}/${format}/${file}`];
      if (!expected) continue;
      expect({ key, sha256: createHash('sha256').update(content).digest('hex') }).toEqual({ key, sha256: expected });
      checked++;
    }
    // pkgs.k8s.io has DEBs and RPMs only: an archlinux case has nothing upstream to compare with
    const hasUpstreamFiles = [...rendered.keys()].some((k) => /^(kubeadm|kubelet)\/[^/]+\/(deb|rpm)\//.test(k));
    expect(checked > 0).toBe(hasUpstreamFiles);
  });
});
