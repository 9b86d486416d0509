// The first few of a list by name, as a stable sort followed by a slice
// would give them, without sorting the whole list: messages name two or
// three members of a label that up to MEMBER_SAMPLE objects carry.

export interface Named<T> {
  item: T;
  name: string;
}

/** The first `k` items by name; equal names keep their order in `items`. */
export function firstByName<T>(items: Iterable<T>, nameOf: (item: T) => string, k: number): Named<T>[] {
  const top: Named<T>[] = [];
  if (k <= 0) return top;
  for (const item of items) {
    const name = nameOf(item);
    // Full and not before the last: a later equal name sorts after it.
    if (top.length === k && !(name < top[k - 1].name)) continue;
    let i = top.length;
    while (i > 0 && name < top[i - 1].name) i--;
    top.splice(i, 0, { item, name });
    if (top.length > k) top.pop();
  }
  return top;
}
