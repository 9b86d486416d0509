// What a lint quick fix's title promises, checked on the plain data of the
// file before and after the edit (for the code action safety test): exactly
// one NetworkPolicy changes, and it becomes the old one plus exactly the
// change the title names (policyTypes entries, a UDP port entry, the
// targetPort, the DNS egress rule, a namespaceSelector, metadata.namespace,
// two OR peers merged into one AND peer). Anything else that changes fails.
import * as assert from 'assert';

// Parsed YAML is plain untyped data.
type Json = any;
export type Path = (string | number)[];

/** The kind of a lint fix, by its title; undefined for a selector fix (or an unknown title). */
export function lintFixKind(title: string): string | undefined {
  if (/^Set policyTypes: \[/.test(title) || / to policyTypes$/.test(title)) return 'policyTypes';
  if (/^Add a UDP entry for port /.test(title)) return 'udpPort';
  if (/^Use the targetPort /.test(title)) return 'targetPort';
  if (title === 'Add the DNS egress rule (UDP and TCP)') return 'dnsRule';
  if (/^Add namespaceSelector for namespace /.test(title)) return 'namespaceSelector';
  if (/^Set metadata\.namespace to /.test(title)) return 'setNamespace';
  if (/^Merge into one peer /.test(title)) return 'mergePeers';
  return undefined;
}

/** Leaf paths where `a` and `b` differ. */
export function diffPaths(a: Json, b: Json, path: Path = [], out: Path[] = []): Path[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return out;
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) diffPaths(a[k], b[k], [...path, Array.isArray(a) ? Number(k) : k], out);
  } else out.push(path);
  return out;
}

export function get(root: Json, path: Path): Json {
  return path.reduce((o, k) => (o === undefined || o === null ? undefined : o[k]), root);
}

function set(root: Json, path: Path, value: Json): void {
  get(root, path.slice(0, -1))[path[path.length - 1]] = value;
}

/** `[doc]` or `[doc, 'items', i]` of each object. */
function objectsAt(docs: Json[]): Path[] {
  const out: Path[] = [];
  docs.forEach((d, i) => {
    if (d && typeof d === 'object' && String(d.kind).endsWith('List') && Array.isArray(d.items)) d.items.forEach((_: Json, j: number) => out.push([i, 'items', j]));
    else out.push([i]);
  });
  return out;
}

function startsWith(path: Path, prefix: Path): boolean {
  return prefix.every((k, i) => path[i] === k);
}

/** A port as a title shows it: `53`, `dns`. */
function portValue(s: string): number | string {
  return /^\d+$/.test(s) ? Number(s) : s;
}

/** Every rule's ports list path in a policy. */
function portLists(np: Json): Path[] {
  const out: Path[] = [];
  for (const dir of ['ingress', 'egress']) (np?.spec?.[dir] ?? []).forEach((_: Json, i: number) => out.push(['spec', dir, i, 'ports']));
  return out;
}

/** Every peer list path (`from`/`to`) in a policy. */
function peerLists(np: Json): Path[] {
  const out: Path[] = [];
  for (const [dir, key] of [['ingress', 'from'], ['egress', 'to']]) (np?.spec?.[dir] ?? []).forEach((_: Json, i: number) => out.push(['spec', dir, i, key]));
  return out;
}

/** The policy as the title says it should be after the fix (`b` the policy before, `a` after, `diffs` relative to it). */
function expectedPolicy(b: Json, a: Json, diffs: Path[], title: string, what: string): Json {
  const e = structuredClone(b);
  let m: RegExpExecArray | null;
  if ((m = /^Set policyTypes: \[(.*)\]$/.exec(title))) {
    e.spec.policyTypes = m[1].split(', ');
  } else if ((m = /^Add (.*) to policyTypes$/.exec(title))) {
    e.spec.policyTypes = [...(b.spec.policyTypes ?? []), ...m[1].split(', ')];
  } else if ((m = /^Set metadata\.namespace to (.*)$/.exec(title))) {
    e.metadata.namespace = m[1];
  } else if ((m = /^Use the targetPort (\S+) of Service \S+ instead of port (\d+)$/.exec(title))) {
    assert.strictEqual(diffs.length, 1, `${what}: changes ${JSON.stringify(diffs)}`);
    const [p] = diffs;
    assert.strictEqual(p[p.length - 1], 'port', `${what}: changes ${JSON.stringify(p)}, not a port`);
    assert.strictEqual(get(b, p), Number(m[2]), `${what}: the port was ${JSON.stringify(get(b, p))}`);
    set(e, p, portValue(m[1]));
  } else if ((m = /^Add a UDP entry for port (\S+) \(keeps TCP \S+\)$/.exec(title))) {
    const entry = { port: portValue(m[1]), protocol: 'UDP' };
    const grown = portLists(b).filter((p) => (get(a, p) ?? []).length === (get(b, p) ?? []).length + 1);
    assert.strictEqual(grown.length, 1, `${what}: ${grown.length} port lists grew`);
    const [p] = grown;
    const before: Json[] = get(b, p);
    const after: Json[] = get(a, p);
    const at = after.findIndex((x, i) => JSON.stringify(x) === JSON.stringify(entry) && JSON.stringify([...after.slice(0, i), ...after.slice(i + 1)]) === JSON.stringify(before));
    assert.ok(at >= 0, `${what}: the ports went from ${JSON.stringify(before)} to ${JSON.stringify(after)}`);
    set(e, p, after);
  } else if (title === 'Add the DNS egress rule (UDP and TCP)') {
    const rules: Json[] = a.spec.egress ?? [];
    const rule = rules[rules.length - 1];
    assert.deepStrictEqual(rule?.ports, [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }], `${what}: the rule added is ${JSON.stringify(rule)}`);
    assert.deepStrictEqual(rule.to?.[0], { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }, `${what}: the rule added is ${JSON.stringify(rule)}`);
    e.spec.egress = [...(b.spec.egress ?? []), rule];
  } else if ((m = /^Add namespaceSelector for namespace (.*)$/.exec(title))) {
    const peers = peerLists(b).flatMap((l) => (get(b, l) ?? []).map((_: Json, j: number) => [...l, j]));
    const changed = peers.filter((p) => diffs.some((d) => startsWith(d, p)));
    assert.strictEqual(changed.length, 1, `${what}: changes ${changed.length} peers`);
    const [p] = changed;
    assert.strictEqual(get(b, p).namespaceSelector, undefined, `${what}: the peer had a namespaceSelector`);
    set(e, p, { ...get(b, p), namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': m[1] } } });
  } else if (/^Merge into one peer /.test(title)) {
    const shrunk = peerLists(b).filter((l) => (get(a, l) ?? []).length === (get(b, l) ?? []).length - 1);
    assert.strictEqual(shrunk.length, 1, `${what}: ${shrunk.length} peer lists shrank`);
    const [l] = shrunk;
    const before: Json[] = get(b, l);
    const after: Json[] = get(a, l);
    const j = before.findIndex((x, i) => i + 1 < before.length && JSON.stringify(after) === JSON.stringify([...before.slice(0, i), { ...x, ...before[i + 1] }, ...before.slice(i + 2)]));
    assert.ok(j >= 0, `${what}: the peers went from ${JSON.stringify(before)} to ${JSON.stringify(after)}`);
    const [x, y] = [before[j], before[j + 1]];
    assert.ok((x.namespaceSelector && y.podSelector && !x.podSelector && !y.namespaceSelector) || (x.podSelector && y.namespaceSelector && !x.namespaceSelector && !y.podSelector), `${what}: merged ${JSON.stringify([x, y])}`);
    set(e, l, after);
  } else assert.fail(`${what}: unexpected title`);
  return e;
}

/** Asserts that `after` is `before` (plain documents) plus exactly the lint fix the title names. */
export function assertLintFixMeans(before: Json[], after: Json[], title: string, what: string): void {
  assert.strictEqual(after.length, before.length, `${what}: document count changed`);
  const diffs = diffPaths(before, after);
  assert.ok(diffs.length > 0, `${what}: the fix changes nothing`);
  const objects = objectsAt(after).filter((at) => diffs.some((d) => startsWith(d, at)));
  assert.strictEqual(objects.length, 1, `${what}: changes ${objects.length} objects (${JSON.stringify(diffs)})`);
  const [at] = objects;
  const b = get(before, at);
  const a = get(after, at);
  assert.strictEqual(b?.kind, 'NetworkPolicy', `${what}: edits a ${b?.kind}`);
  const expected = expectedPolicy(b, a, diffs.map((d) => d.slice(at.length)), title, what);
  assert.deepStrictEqual(a, expected, `${what}: the policy means more than the fix`);
}
