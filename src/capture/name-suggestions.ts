/**
 * Optimal string alignment distance: insertions, deletions, substitutions and
 * swaps of two neighbours, each costing 1 (`ticket-balacner` is one from
 * `ticket-balancer`).
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i += 1) {
    for (let j = 1; j < cols; j += 1) {
      const row = d[i] as number[];
      const up = d[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((up[j] as number) + 1, (row[j - 1] as number) + 1, (up[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, ((d[i - 2] as number[])[j - 2] as number) + 1);
      row[j] = best;
    }
  }
  return (d[rows - 1] as number[])[cols - 1] as number;
}

/** How far a typo may be from a name and still be suggested: a third of the typed length, at least 2. */
function tolerance(typed: string): number {
  return Math.max(2, Math.floor(typed.length / 3));
}

/**
 * The (at most `limit`) candidates closest to what was typed: within the edit
 * distance tolerance, or containing it (`balancer` → `ticket-balancer`), the
 * nearest first, ties by name.
 */
export function closestNames<T extends { readonly name: string }>(typed: string, candidates: readonly T[], limit = 3): T[] {
  const scored = candidates.flatMap((candidate) => {
    const distance = editDistance(typed, candidate.name);
    if (distance <= tolerance(typed)) return [{ candidate, score: distance }];
    if (typed.length >= 3 && candidate.name.includes(typed)) return [{ candidate, score: tolerance(typed) + 1 }];
    return [];
  });
  return scored
    .sort((a, b) => a.score - b.score || a.candidate.name.localeCompare(b.candidate.name))
    .slice(0, limit)
    .map((entry) => entry.candidate);
}
