// "Did you mean ...?": the known names closest to a typo, by edit distance.
import { editDistance } from './suggest';

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

/** Edit distance, case-insensitive: workload names are typed by hand. */
function distance(a: string, b: string): number {
  return editDistance(a.toLowerCase(), b.toLowerCase());
}
