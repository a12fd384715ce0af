/**
 * The picks `kubepkg fetch` made, stored in the mirror it writes as
 * `components/v<kubernetes version>.json`, so that `build --mirror DIR` on an air-gapped machine
 * makes the same picks without a network.
 */
import { z } from 'zod';
import { fail } from '../errors/index.js';
import { PICK_RULES, type ComponentPick, type ComponentPicks } from './resolve.js';

const PickSchema = z
  .object({
    version: z.string().regex(/^[0-9]+\.[0-9]+\.[0-9]+/),
    rule: z.enum(PICK_RULES),
    source: z.string(),
  })
  .strict();

const RecordSchema = z
  .object({
    kubernetes: z.string(),
    criTools: PickSchema,
    cni: PickSchema,
  })
  .strict();

/** Relative to the mirror root; `+` of a CI build kept (a plain file name character). */
export function recordPath(kubernetes: string): string {
  if (!/^[0-9A-Za-z.+-]+$/.test(kubernetes)) throw fail.EBADRECORD({ path: kubernetes, reason: 'not a version' });
  return `components/v${kubernetes}.json`;
}

export function serializeRecord(picks: ComponentPicks): string {
  const record = { kubernetes: picks.kubernetes, criTools: picks.criTools, cni: picks.cni };
  return `${JSON.stringify(record, null, 2)}\n`;
}

/** The recorded picks, each marked `recorded` with the original source kept in its source text. */
export function parseRecord(text: string, where: string, kubernetes: string): Pick<ComponentPicks, 'criTools' | 'cni'> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw fail.EBADRECORD({ path: where, reason: (err as Error).message });
  }
  const parsed = RecordSchema.safeParse(value);
  if (!parsed.success)
    throw fail.EBADRECORD({
      path: where,
      reason: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    });
  if (parsed.data.kubernetes !== kubernetes)
    throw fail.EBADRECORD({ path: where, reason: `it is for Kubernetes ${parsed.data.kubernetes}, not ${kubernetes}` });
  const replay = (pick: ComponentPick): ComponentPick => ({
    version: pick.version,
    rule: 'recorded',
    source: `${where} (${pick.rule === 'recorded' ? pick.source : `${pick.rule}: ${pick.source}`})`,
  });
  return { criTools: replay(parsed.data.criTools), cni: replay(parsed.data.cni) };
}
