// "Did you mean ...?": the known names closest to a typo, by edit distance.

/** Up to `max` candidates within a small edit distance of `query` (whole key or its last segment), closest first. */
export function nearest(query: string, candidates: readonly string[], max = 3): string[] {
  // Short names tolerate one typo; longer ones about one per four characters.
  const limit = Math.max(1, Math.floor(query.length / 4));
  const scored: { name: string; d: number }[] = [];
  for (const name of candidates) {
    const last = name.slice(name.lastIndexOf('/') + 1);
    const d = Math.min(distance(query, name), query.includes('/') ? Infinity : distance(query, last));
    if (d <= limit) scored.push({ name, d });
  }
  return scored
    .sort((a, b) => a.d - b.d || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .slice(0, max)
    .map((s) => s.name);
}

/** Levenshtein distance (insert, delete, substitute), case-insensitive. */
export function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[y.length];
}
