/**
 * The kubelet flag lines a node test observed, appended to $KUBEPKG_NODE_REPORT when set (for a
 * release note or an issue's closing note); nothing is written otherwise.
 */
import { appendFile } from 'node:fs/promises';

export async function recordFlagLines(label: string, lines: readonly string[]): Promise<void> {
  const file = process.env.KUBEPKG_NODE_REPORT;
  if (!file) return;
  await appendFile(file, `## ${label}\n${lines.join('\n')}\n\n`);
}
