/** The overrides file format of the lint tests: every entry needs a reason, contexts glob. */
import { describe, expect, test } from '@jest/globals';
import { overrideMatches, parseLintianOverrides, type LintFinding } from '../support/install/lint.js';

const finding = (pkg: string, tag: string, context: string): LintFinding => ({
  level: 'W',
  package: pkg,
  tag,
  context,
  line: `W: ${pkg}: ${tag} [${context}]`,
});

describe('parseLintianOverrides', () => {
  test('reads package, tag, optional context and the reason; skips comments and blank lines', () => {
    const text =
      '# header\n\nkubelet: no-manual-page [usr/bin/kubelet]  # upstream ships none\n*: no-copyright-file  # why\n';
    expect(parseLintianOverrides(text)).toEqual([
      { package: 'kubelet', tag: 'no-manual-page', context: 'usr/bin/kubelet', reason: 'upstream ships none', line: 3 },
      { package: '*', tag: 'no-copyright-file', context: undefined, reason: 'why', line: 4 },
    ]);
  });

  test('rejects an entry without a reason, naming the line', () => {
    expect(() => parseLintianOverrides('# ok\nkubelet: no-manual-page\n')).toThrow(/line 2/);
  });
});

describe('overrideMatches', () => {
  const [o] = parseLintianOverrides('*: x [usr/bin/*]  # r\n');
  test('matches any package with *, and contexts by glob', () => {
    expect(overrideMatches(o!, finding('kubelet', 'x', 'usr/bin/kubelet'))).toBe(true);
    expect(overrideMatches(o!, finding('kubelet', 'x', 'etc/default/kubelet'))).toBe(false);
    expect(overrideMatches(o!, finding('kubelet', 'y', 'usr/bin/kubelet'))).toBe(false);
  });

  test('a named package matches only that package', () => {
    const [named] = parseLintianOverrides('kubeadm: x  # r\n');
    expect(overrideMatches(named!, finding('kubeadm', 'x', 'anything'))).toBe(true);
    expect(overrideMatches(named!, finding('kubelet', 'x', 'anything'))).toBe(false);
  });
});
