/**
 * "Did you mean …?" for a mistyped flag or command: the closest known words by edit distance
 * (optimal string alignment: a swapped pair of letters counts once, as typists swap them).
 */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  return d[a.length]![b.length]!;
}

/** The closest candidates (at most 2 edits, fewer for short words), or those the word begins. */
export function suggest(word: string, candidates: readonly string[]): string[] {
  const bare = word.replace(/^-+/, '');
  const limit = bare.length <= 3 ? 1 : 2;
  const scored = candidates
    .map((c) => ({ c, d: distance(word, c) }))
    .filter(({ c, d }) => d <= limit || (bare.length >= 3 && c.startsWith(word)));
  const best = Math.min(...scored.map((s) => s.d));
  return scored.filter((s) => s.d === best).map((s) => s.c);
}
