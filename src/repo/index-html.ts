/**
 * A browsable tree: an index.html in every directory below the root (upstream has none,
 * kubernetes/release#3317). Only names and sizes, no times, so unchanged directories keep
 * byte-identical pages; a page is rewritten only when it changes.
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const escapeHref = (s: string) => encodeURIComponent(s).replace(/%2F/g, '/');

export async function writeIndexPages(root: string): Promise<number> {
  let written = 0;
  const visit = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true }))
      .filter((e) => !e.name.startsWith('.') && e.name !== 'index.html' && (e.isDirectory() || e.isFile()))
      .sort(
        (a, b) => Number(b.isDirectory()) - Number(a.isDirectory()) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
      );
    const rows: string[] = [];
    for (const e of entries) {
      if (e.isDirectory()) {
        await visit(join(dir, e.name));
        rows.push(`<tr><td><a href="${escapeHref(e.name)}/">${escapeHtml(e.name)}/</a></td><td></td></tr>`);
      } else {
        const { size } = await stat(join(dir, e.name));
        rows.push(`<tr><td><a href="${escapeHref(e.name)}">${escapeHtml(e.name)}</a></td><td>${size}</td></tr>`);
      }
    }
    const title = '/' + relative(root, dir).split('\\').join('/');
    const parent = dir === root ? '' : '<tr><td><a href="../">../</a></td><td></td></tr>\n';
    const html =
      `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Index of ${escapeHtml(title)}</title></head>\n` +
      `<body><h1>Index of ${escapeHtml(title)}</h1>\n<table>\n<tr><th>Name</th><th>Size</th></tr>\n${parent}` +
      rows.map((r) => r + '\n').join('') +
      `</table></body></html>\n`;
    const path = join(dir, 'index.html');
    if ((await readFile(path, 'utf8').catch(() => '')) !== html) {
      await writeFile(path, html);
      written++;
    }
  };
  await visit(root);
  return written;
}
