/**
 * Renders one target into its own directory: the templates it ships, its maintainer scripts and
 * its nfpm.yaml, with absolute paths only (nfpm resolves relative ones against its working
 * directory, not the config's).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { fail } from '../errors/index.js';
import type { ExtractedFile } from '../inputs/extract.js';
import type { Plan, ScriptName, Target } from '../plan/target.js';
import { formatOf } from '../formats/index.js';
import {
  type ConfigInputs,
  nfpmConfigFor,
  serialiseNfpmConfig,
  type NfpmConfig,
  type NfpmContent,
} from './nfpm-config.js';
import { renderTemplate } from './templates.js';
import { byCodeUnit } from '../compare.js';

/** Where each input of a target is on disk: a file, or an extracted archive. */
export type PreparedInput = { kind: 'file'; path: string } | { kind: 'archive'; dir: string; files: ExtractedFile[] };

export interface RenderedTarget {
  target: Target;
  dir: string;
  configPath: string;
  config: NfpmConfig;
  /** rendered files by name relative to dir, for review and golden tests */
  files: Record<string, string>;
}

/** The prelude goes after the `#!` line, before the script's own comments and code. */
function withPrelude(text: string, prelude: string): string {
  const lineEnd = text.startsWith('#!') ? text.indexOf('\n') + 1 : 0;
  return `${text.slice(0, lineEnd)}${prelude}\n${text.slice(lineEnd)}`;
}

const root = (mode: number): NfpmContent['file_info'] => ({ mode, owner: 'root', group: 'root' });

function missingInput(target: Target, name: string): Error {
  return new Error(`input "${name}" of ${target.id} was not prepared`);
}

export async function renderTarget(
  plan: Plan,
  target: Target,
  inputs: Record<string, PreparedInput>,
  dir: string,
  signing: { rpmSignatureKeyFile?: string } = {},
): Promise<RenderedTarget> {
  await mkdir(join(dir, 'files'), { recursive: true });
  await mkdir(join(dir, 'scripts'), { recursive: true });
  const files: Record<string, string> = {};
  const contents: NfpmContent[] = target.directories.map((d) => ({ dst: d, type: 'dir', file_info: root(0o755) }));

  for (const c of target.contents) {
    if (c.kind === 'template' || c.kind === 'file') {
      const name = `files/${posix.basename(c.dst)}`;
      if (c.kind === 'template') {
        files[name] = await renderTemplate(
          c.template,
          target.templateValues,
          undefined,
          target.templateFiles[c.template],
        );
        await writeFile(join(dir, name), files[name]!);
      } else {
        // a static file from an overlay's files/, copied so that the package and its reuse key see these bytes
        const bytes = await readFile(c.source);
        files[name] = bytes.toString('utf8');
        await writeFile(join(dir, name), bytes);
      }
      // Every file under /etc is a config file (Debian policy 10.7.2; rpmlint non-conffile-in-etc),
      // e.g. the legacy-layout drop-in, as in the old Google-built DEBs: dpkg then keeps a user's
      // edit of it when the current layout no longer ships it (see kubeadm-postinstall).
      const config = c.config || c.dst.startsWith('/etc/');
      contents.push({
        src: join(dir, name),
        dst: c.dst,
        ...(config ? { type: 'config|noreplace' as const } : {}),
        file_info: root(c.mode),
      });
      continue;
    }
    const input = inputs[c.input];
    if (!input) throw missingInput(target, c.input);
    if (c.kind === 'artifact') {
      if (input.kind !== 'file') throw missingInput(target, c.input);
      contents.push({ src: input.path, dst: c.dst, file_info: root(c.mode) });
    } else if (input.kind !== 'archive') {
      throw missingInput(target, c.input);
    } else if (c.kind === 'archive-file') {
      if (!input.files.some((f) => f.name === c.file)) {
        throw fail.EMISSINGMEMBER({ target: target.id, input: c.input, file: c.file });
      }
      contents.push({ src: join(input.dir, c.file), dst: c.dst, file_info: root(c.mode) });
    } else {
      // every file of the archive, sorted so the config (and the package) does not depend on tar order
      for (const f of [...input.files].sort((a, b) => byCodeUnit(a.name, b.name))) {
        contents.push({
          src: join(input.dir, f.name),
          dst: posix.join(c.dstDir, f.name),
          file_info: root(f.mode & 0o111 ? 0o755 : 0o644),
        });
      }
    }
  }

  const scripts: NonNullable<ConfigInputs['scripts']> = {};
  const formatScripts: Record<string, string> = {};
  for (const [script, template] of Object.entries(target.scripts) as [ScriptName, string][]) {
    const text = await renderTemplate(
      `scripts/${template}`,
      { ...target.templateValues, script },
      undefined,
      target.templateFiles[`scripts/${template}`],
    );
    // one script text, run the way the format's package manager runs scripts (src/formats/)
    for (const variant of formatOf(target.format).scripts(script)) {
      files[variant.file] = variant.prelude ? withPrelude(text, variant.prelude) : text;
      await writeFile(join(dir, variant.file), files[variant.file]!, { mode: 0o755 });
      if (variant.key.section === 'scripts') scripts[variant.key.name as ScriptName] = join(dir, variant.file);
      else formatScripts[variant.key.name] = join(dir, variant.file);
    }
  }

  const config = nfpmConfigFor(target, {
    contents,
    scripts,
    formatScripts,
    compression: plan.compression[target.format],
    sourceDateEpoch: plan.sourceDateEpoch,
    rpmSignatureKeyFile: signing.rpmSignatureKeyFile,
  });
  const configPath = join(dir, 'nfpm.yaml');
  files['nfpm.yaml'] = serialiseNfpmConfig(config);
  await writeFile(configPath, files['nfpm.yaml']);
  return { target, dir, configPath, config, files };
}
