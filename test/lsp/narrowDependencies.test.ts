// The narrower dependencies of diagnosticsDependencies.ts, one case per
// path: a policy with a peer of every namespace (the DNS rule) is not
// re-checked by a workload edit elsewhere, and yet every edit that can
// change its findings re-checks it: a workload gaining or losing the
// labels its selector requires, a Service with its rule's port, a selector
// that matches nothing in its own namespace meeting its pods elsewhere. Each
// case compares the incremental results with a recomputation from scratch,
// and says how many files the edit re-checked.
import * as assert from 'assert';
import { INDEX_CHECKS } from '../../server/src/core/checks';
import { WorkspaceIndex } from '../../server/src/core/index/workspaceIndex';
import { DiagnosticsDependencies } from '../../server/src/features/diagnosticsDependencies';
import { findingsOf } from '../../server/src/features/diagnosticsFindings';
import { DiagnosticsResults } from '../../server/src/features/diagnosticsResults';
import { toDiagnostics } from '../../server/src/lsp/toDiagnostic';

const RULES = Object.fromEntries(INDEX_CHECKS.map((c) => [c.id, c.defaultSeverity]));

function deployment(name: string, ns: string, labels: Record<string, string>, port = 8080): string {
  const l = Object.entries(labels)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  template:\n    metadata:\n      labels: {${l}}\n    spec:\n      containers:\n      - name: c\n        image: x\n        ports:\n        - {containerPort: ${port}}\n`;
}

function service(name: string, ns: string, selector: string, port: number, targetPort: number): string {
  return `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  selector: {${selector}}\n  ports:\n  - {port: ${port}, targetPort: ${targetPort}}\n`;
}

/** Egress to the cluster DNS and to `app: <to>` pods of any namespace on `port`. */
function everyNamespacePolicy(ns: string, to: string, port: number): string {
  return [
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata:',
    `  name: to-${to}`,
    `  namespace: ${ns}`,
    'spec:',
    '  podSelector: {matchLabels: {app: client}}',
    '  policyTypes: [Egress]',
    '  egress:',
    '  - to:',
    '    - namespaceSelector: {}',
    '      podSelector: {matchLabels: {k8s-app: kube-dns}}',
    '    ports:',
    '    - {protocol: UDP, port: 53}',
    '    - {protocol: TCP, port: 53}',
    '  - to:',
    '    - namespaceSelector: {}',
    `      podSelector: {matchLabels: {app: ${to}}}`,
    '    ports:',
    `    - {protocol: TCP, port: ${port}}`,
    '',
  ].join('\n');
}

/** Ingress from `app: <from>` pods of its own namespace (no namespaceSelector). */
function ownNamespacePolicy(ns: string, from: string): string {
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: from-${from}\n  namespace: ${ns}\nspec:\n  podSelector: {matchLabels: {app: client}}\n  ingress:\n  - from:\n    - podSelector: {matchLabels: {app: ${from}}}\n`;
}

const u = (name: string) => `file:///ws/${name}.yaml`;

function workspace(files: Record<string, string>) {
  const index = new WorkspaceIndex();
  for (const [name, text] of Object.entries(files)) index.setFile(u(name), text);
  const compute = (uri: string) => {
    const r = findingsOf(index, uri, { rules: RULES, workspaceChecks: true });
    return r && { diagnostics: toDiagnostics(r.findings, r.file.analysis.parsed.lines), dependsOnOthers: r.fromWorkspaceChecks };
  };
  const results = new DiagnosticsResults(compute);
  const dependencies = new DiagnosticsDependencies();
  dependencies.reset(index);
  for (const uri of index.uris()) results.get(uri);
  const messages = (name: string) => results.get(u(name))!.diagnostics.map((d) => d.message);
  /** As the server does it; returns the files re-checked. */
  const edit = (name: string, text: string | undefined): string[] => {
    if (text === undefined) index.removeFile(u(name));
    else index.setFile(u(name), text);
    const affected = dependencies.changed(index, [u(name)]);
    if (affected === 'all') results.invalidateAll();
    else {
      results.invalidate(affected);
      results.invalidateWordedByOthers();
    }
    const dirty = index.uris().filter((f) => results.isDirty(f));
    for (const f of dirty) results.get(f);
    const fresh = new Map(index.uris().map((f) => [f, JSON.stringify(compute(f)?.diagnostics)]));
    const cached = new Map(index.uris().map((f) => [f, JSON.stringify(results.get(f)?.diagnostics)]));
    assert.deepStrictEqual(cached, fresh, 'the incremental results equal a recomputation');
    return dirty.map((f) => f.slice('file:///ws/'.length, -'.yaml'.length)).sort();
  };
  return { index, edit, messages };
}

function base(): Record<string, string> {
  return {
    client: deployment('client', 'team-a', { app: 'client' }),
    web: deployment('web', 'team-w', { app: 'web', tier: 'front' }),
    other: deployment('other', 'team-o', { app: 'other', tier: 'back' }),
    policy: everyNamespacePolicy('team-a', 'web', 8080),
  };
}

describe('narrow dependencies of policies with peers of every namespace', () => {
  it('a label edit in a workload without the required labels does not re-check the policy', () => {
    const s = workspace(base());
    assert.deepStrictEqual(s.messages('policy'), []);
    assert.ok(!s.edit('other', deployment('other', 'team-o', { app: 'other', tier: 'front' })).includes('policy'));
  });

  it('a workload losing the required label re-checks it, and the selector now matches nothing', () => {
    const s = workspace(base());
    assert.ok(s.edit('web', deployment('web', 'team-w', { app: 'webb', tier: 'front' })).includes('policy'));
    assert.match(s.messages('policy').join('\n'), /app=web/);
    // And gaining it back, in another namespace.
    assert.ok(s.edit('other', deployment('other', 'team-o', { app: 'web', tier: 'back' })).includes('policy'));
    assert.deepStrictEqual(s.messages('policy'), []);
  });

  it('matching nothing, it follows every workload: a near label appearing anywhere is suggested', () => {
    const s = workspace({ ...base(), policy: everyNamespacePolicy('team-a', 'payments', 8080) });
    const before = s.messages('policy').join('\n');
    assert.match(before, /app=payments/);
    assert.doesNotMatch(before, /did you mean/);
    assert.ok(s.edit('other', deployment('other', 'team-o', { app: 'payment', tier: 'back' })).includes('policy'));
    assert.match(s.messages('policy').join('\n'), /did you mean app=payment\b/);
  });

  it("a Service with the rule's port re-checks it: the rule names the Service's port, not the pod's", () => {
    const s = workspace({ ...base(), policy: everyNamespacePolicy('team-a', 'web', 80) });
    assert.deepStrictEqual(s.messages('policy'), []);
    assert.ok(s.edit('svc', service('web', 'team-w', 'app: web', 80, 8080)).includes('policy'));
    assert.match(s.messages('policy').join('\n'), /port 80 is the port of Service team-w\/web/);
    assert.ok(s.edit('svc', service('web', 'team-w', 'app: web', 8080, 8080)).includes('policy'));
    assert.deepStrictEqual(s.messages('policy'), []);
  });

  it('a policy edit in another namespace does not re-check it', () => {
    const s = workspace({ ...base(), elsewhere: ownNamespacePolicy('team-o', 'other') });
    assert.ok(!s.edit('elsewhere', ownNamespacePolicy('team-o', 'tier')).includes('policy'));
  });
});

describe('narrow dependencies of selectors that match nothing in their namespace', () => {
  it('pods with its labels appearing in another namespace re-check it: right selector, wrong namespace', () => {
    // app=db matches nothing in team-a, and a near label (app=dbx) is there: the suggestion reads team-a only.
    const files = { ...base(), dbx: deployment('dbx', 'team-a', { app: 'dbx' }), own: ownNamespacePolicy('team-a', 'db') };
    const s = workspace(files);
    assert.match(s.messages('own').join('\n'), /app=db\b.*did you mean app=dbx/);
    const rechecked = s.edit('other', deployment('other', 'team-o', { app: 'db', tier: 'back' }));
    assert.ok(rechecked.includes('own'), `re-checked: ${rechecked.join(', ')}`);
    assert.match(s.messages('own').join('\n'), /team-o/);
  });

  it('a selector that stops matching in its namespace starts following the pods elsewhere', () => {
    const s = workspace({ ...base(), db: deployment('db', 'team-a', { app: 'db' }), own: ownNamespacePolicy('team-a', 'db') });
    assert.deepStrictEqual(s.messages('own'), []);
    assert.ok(!s.edit('other', deployment('other', 'team-o', { app: 'other', tier: 'front' })).includes('own'));
    // In its scope: re-checked, and from now on it matches nothing there.
    assert.ok(s.edit('db', deployment('db', 'team-a', { app: 'dbx' })).includes('own'));
    assert.ok(s.edit('other', deployment('other', 'team-o', { app: 'db', tier: 'back' })).includes('own'));
    assert.match(s.messages('own').join('\n'), /team-o/);
  });

  it('a selector that matches in its namespace is not re-checked by pods elsewhere', () => {
    const s = workspace({ ...base(), own: ownNamespacePolicy('team-a', 'client') });
    assert.deepStrictEqual(s.messages('own'), []);
    assert.ok(!s.edit('other', deployment('other', 'team-o', { app: 'client' })).includes('own'));
  });
});
