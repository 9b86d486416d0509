// The per-file diagnostics cache and its dependencies, on a real workspace
// index of 2,000 files: an edit re-checks only the files whose findings can
// change, and the incremental results always equal a recomputation of every
// file from scratch (so no dependency is missed).
import * as assert from 'assert';
import { WorkspaceIndex } from '../../server/src/core/index/workspaceIndex';
import { DiagnosticsDependencies } from '../../server/src/features/diagnosticsDependencies';
import { findingsOf } from '../../server/src/features/diagnosticsFindings';
import { DiagnosticsResults } from '../../server/src/features/diagnosticsResults';
import { toDiagnostics } from '../../server/src/lsp/toDiagnostic';

const FILES = 2000;
const NAMESPACES = 20;

/** Deployment app-i in ns-(i % 20); the first 20 files of every 200 add a policy (10 per namespace). */
function generated(i: number, team = `team-${i % 7}`): string {
  const ns = `ns-${i % NAMESPACES}`;
  const lines = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: app-${i}`,
    `  namespace: ${ns}`,
    'spec:',
    '  template:',
    '    metadata:',
    '      labels:',
    `        app: app-${i}`,
    `        team: ${team}`,
  ];
  if (isPolicyFile(i)) {
    lines.push(
      '---',
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata:',
      `  name: allow-app-${i}`,
      `  namespace: ${ns}`,
      'spec:',
      '  podSelector:',
      '    matchLabels:',
      `      app: app-${i}`,
      '  ingress:',
      '    - from:',
      '        - podSelector:',
      '            matchLabels:',
      `              team: team-${(i + 1) % 7}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

const isPolicyFile = (i: number) => Math.floor(i / NAMESPACES) % 10 === 0;
const uri = (i: number) => `file:///ws/ns-${i % NAMESPACES}/app-${i}.yaml`;

/** A policy in ns-0 admitting `team: blue` pods from namespaces labelled `env: prod`. */
const CROSS_NS_POLICY = [
  'apiVersion: networking.k8s.io/v1',
  'kind: NetworkPolicy',
  'metadata:',
  '  name: from-prod',
  '  namespace: ns-0',
  'spec:',
  '  podSelector: {}',
  '  ingress:',
  '    - from:',
  '        - namespaceSelector:',
  '            matchLabels:',
  '              env: prod',
  '          podSelector:',
  '            matchLabels:',
  '              team: blue',
  '',
].join('\n');
const namespaceFile = (env: string) => ['apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: ns-7', '  labels:', `    env: ${env}`, ''].join('\n');
const CROSS = 'file:///ws/cross/from-prod.yaml';
const NS7 = 'file:///ws/cross/ns-7.yaml';

function setup() {
  const index = new WorkspaceIndex();
  for (let i = 0; i < FILES; i++) index.setFile(uri(i), generated(i));
  index.setFile(CROSS, CROSS_NS_POLICY);
  index.setFile(NS7, namespaceFile('prod'));
  const compute = (u: string) => {
    const r = findingsOf(index, u, { rules: {}, workspaceChecks: true });
    return r && { diagnostics: toDiagnostics(r.findings, r.file.analysis.parsed.lines), dependsOnOthers: r.fromWorkspaceChecks };
  };
  const results = new DiagnosticsResults(compute);
  const dependencies = new DiagnosticsDependencies();
  dependencies.reset(index);
  const all = () => index.uris();
  for (const u of all()) results.get(u);
  /** Applies an edit as the server does: the index, then the dependencies, then a pass over the invalidated files. */
  const edit = (u: string, text: string): number => {
    index.setFile(u, text);
    const affected = dependencies.changed(index, [u]);
    if (affected === 'all') results.invalidateAll();
    else {
      results.invalidate(affected);
      results.invalidateWordedByOthers();
    }
    const before = results.recomputations;
    for (const f of all()) if (results.isDirty(f)) results.get(f);
    return results.recomputations - before;
  };
  /** Every file's diagnostics, computed from scratch. */
  const fresh = () => new Map(all().map((u) => [u, JSON.stringify(compute(u)!.diagnostics)]));
  const cached = () => new Map(all().map((u) => [u, JSON.stringify(results.get(u)!.diagnostics)]));
  return { index, results, edit, fresh, cached };
}

const warnings = (diagnosticsJson: string | undefined) => (JSON.parse(diagnosticsJson ?? '[]') as { message: string }[]).map((d) => d.message);

describe('diagnostics cache and dependencies (2,000-file index)', function () {
  this.timeout(120000);
  let s: ReturnType<typeof setup>;

  before(() => {
    s = setup();
    assert.strictEqual(s.results.recomputations, FILES + 2);
  });

  it("re-checks only the edited Deployment and its namespace's policy files when a label changes", () => {
    // app-45: a Deployment alone, in ns-5 (policy files of ns-5: 5, 205, 405, ...).
    const policyFilesInNs5 = [...Array(FILES).keys()].filter((i) => i % NAMESPACES === 5 && isPolicyFile(i)).length;
    assert.strictEqual(policyFilesInNs5, 10);
    const recomputed = s.edit(uri(45), generated(45, 'team-renamed'));
    // eslint-disable-next-line no-console
    console.log(`      one Deployment edited: ${recomputed} of ${FILES + 2} files re-checked`);
    // + from-prod.yaml: its warning suggests labels of any namespace, so it is re-checked on every change.
    assert.strictEqual(recomputed, 1 + policyFilesInNs5 + 1);
    assert.deepStrictEqual(s.cached(), s.fresh());
  });

  it('makes the policy that selected a workload warn, and clears it when the label comes back', () => {
    // allow-app-5 (ns-5) admits team-6 pods from its namespace: take team-6 away from all of them.
    const policy = uri(5);
    const teamPods = [...Array(FILES).keys()].filter((i) => i % NAMESPACES === 5 && i % 7 === 6);
    assert.ok(teamPods.length > 0);
    for (const i of teamPods) s.edit(uri(i), generated(i, 'team-gone'));
    const after = s.cached();
    assert.deepStrictEqual(after, s.fresh());
    // team-6 pods remain in other namespaces: the specific rule (peer-selector-wrong-namespace) says so.
    assert.match(warnings(after.get(policy)).join('\n'), /^podSelector team=team-6 has no namespaceSelector, so it selects pods in the policy's namespace ns-5, where no workload matches/);
    for (const i of teamPods) s.edit(uri(i), generated(i));
    assert.deepStrictEqual(warnings(s.cached().get(policy)), []);
    assert.deepStrictEqual(s.cached(), s.fresh());
  });

  it('re-checks a policy whose namespaceSelector reaches the namespace of the edited workload', () => {
    // No team=blue pod in env=prod namespaces yet: the cross-namespace peer warns.
    assert.match(warnings(s.cached().get(CROSS)).join('\n'), /no workload in namespace ns-7 has team=blue/);
    // app-7 is in ns-7 (env=prod): giving it team=blue satisfies the peer.
    const recomputed = s.edit(uri(7), generated(7, 'blue'));
    assert.deepStrictEqual(warnings(s.cached().get(CROSS)), []);
    assert.ok(recomputed < 20, `${recomputed} files re-checked`);
    assert.deepStrictEqual(s.cached(), s.fresh());
  });

  it('re-checks every policy file when namespace labels change', () => {
    const recomputed = s.edit(NS7, namespaceFile('staging'));
    assert.strictEqual(recomputed, FILES + 2);
    assert.match(warnings(s.cached().get(CROSS)).join('\n'), /^no namespace has env=prod/);
    assert.deepStrictEqual(s.cached(), s.fresh());
    s.edit(NS7, namespaceFile('prod'));
    assert.deepStrictEqual(s.cached(), s.fresh());
  });

  it('keeps the result id when a re-check gives the same diagnostics, and changes it when they differ', () => {
    const policy = uri(5);
    const before = s.results.get(policy)!.resultId;
    // app-45 is in ns-5: the policy is re-checked (see the first test) and finds the same.
    s.edit(uri(45), generated(45, 'team-again'));
    assert.strictEqual(s.results.get(policy)!.resultId, before);
    s.edit(policy, generated(5).replace('app: app-5\n  ingress', 'app: app-5x\n  ingress'));
    assert.notStrictEqual(s.results.get(policy)!.resultId, before);
    assert.deepStrictEqual(s.cached(), s.fresh());
  });

  it('after a change of unknown reach, records the footprints in the background: everything until done, then only the dependents', async () => {
    const background = new DiagnosticsDependencies();
    assert.strictEqual(background.changed(s.index, []), 'all');
    // Nothing recorded yet: an edit now re-checks everything.
    assert.strictEqual(background.changed(s.index, [uri(45)]), 'all');
    await background.whenRecorded();
    const now = new DiagnosticsDependencies();
    now.reset(s.index);
    s.index.setFile(uri(45), generated(45, 'team-background'));
    const affected = background.changed(s.index, [uri(45)]);
    const expected = now.changed(s.index, [uri(45)]);
    assert.ok(affected !== 'all' && expected !== 'all', 'incremental once recorded');
    assert.deepStrictEqual([...affected].sort(), [...expected].sort());
    assert.ok(affected.size < 20, `${affected.size} files`);
    // The index changing before the rebuild is done: it gives up, and the next change re-checks everything.
    assert.strictEqual(background.changed(s.index, []), 'all');
    s.index.setFile(uri(46), generated(46, 'team-moved'));
    await background.whenRecorded();
    assert.strictEqual(background.changed(s.index, [uri(46)]), 'all');
  });
});
