/**
 * lintian on every DEB and rpmlint on every RPM the install tests build (current and legacy
 * layout): no error or warning may remain unless a committed override with a reason covers it.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  forRealBinariesOnly,
  lintian,
  overrideMatches,
  parseLintianOverrides,
  rpmlint,
  rpmlintFilterEntries,
  rpmlintFiltersWithoutReason,
  type LintFinding,
  type LintianOverride,
} from '../support/install/lint.js';
import { ReleaseBuilder, type Release } from '../support/install/releases.js';
import { requireTools } from '../support/tools.js';

const LINTIAN_OVERRIDES = join(process.cwd(), 'packaging', 'lintian', 'overrides');
const RPMLINT_CONFIG = join(process.cwd(), 'packaging', 'rpmlint.toml');

let builder: ReleaseBuilder;
let releases: Release[];

beforeAll(async () => {
  await requireTools(['lintian', 'rpmlint'], { root: true });
  const current = { kubernetes: '1.31.4', criTools: '1.31.0', cni: '1.4.0' };
  builder = await ReleaseBuilder.create([current]);
  releases = [await builder.build(current), await builder.build({ ...current, layout: 'legacy' })];
}, 10 * 60_000);

afterAll(async () => {
  await builder?.remove();
});

function show(findings: LintFinding[]): string[] {
  return findings.map((f) => f.line);
}

describe('lintian', () => {
  let overrides: LintianOverride[];
  let findings: LintFinding[];

  beforeAll(async () => {
    overrides = parseLintianOverrides(await readFile(LINTIAN_OVERRIDES, 'utf8'));
    // the legacy layout only changes kubeadm
    findings = await lintian([...Object.values(releases[0]!.debs), releases[1]!.debs.kubeadm!]);
  }, 10 * 60_000);

  test('every error and warning is overridden with a reason', () => {
    expect(show(findings.filter((f) => !overrides.some((o) => overrideMatches(o, f))))).toEqual([]);
  });

  test('every override is still needed (those for real binaries only: test/node/lint.test.ts)', () => {
    const unused = overrides
      .filter((o) => !forRealBinariesOnly(o.reason))
      .filter((o) => !findings.some((f) => overrideMatches(o, f)));
    expect(unused.map((o) => `line ${o.line}: ${o.package}: ${o.tag}`)).toEqual([]);
  });
});

describe('rpmlint', () => {
  test('every filter in packaging/rpmlint.toml carries a reason', async () => {
    expect(await rpmlintFiltersWithoutReason(RPMLINT_CONFIG)).toEqual([]);
  });

  const rpms = () => [...Object.values(releases[0]!.rpms), releases[1]!.rpms.kubeadm!];

  test('no error or warning remains on any RPM', async () => {
    const { findings, output } = await rpmlint(RPMLINT_CONFIG, rpms());
    expect({ remaining: show(findings), output: findings.length > 0 ? output : '' }).toEqual({
      remaining: [],
      output: '',
    });
    expect(output).toMatch(/ 0 errors, 0 warnings/);
  });

  test('every filter is still needed (those for real binaries only: test/node/lint.test.ts)', async () => {
    const { findings } = await rpmlint(undefined, rpms());
    const filters = (await rpmlintFilterEntries(RPMLINT_CONFIG))
      .filter((f) => !forRealBinariesOnly(f.reason))
      .map((f) => f.regex);
    expect(filters.length).toBeGreaterThan(0);
    // rpmlint matches its filters (Python regexes, here JS-compatible) against each output line
    expect(filters.filter((f) => !findings.some((x) => new RegExp(f).test(x.line)))).toEqual([]);
  });
});
