import * as assert from 'assert';
import type { Finding } from '../../../server/src/core/findings';
import { INDEX_CHECKS, runIndexChecks } from '../../../server/src/core/checks';
import { selectorMatchesNothing } from '../../../server/src/core/checks/selectorMatchesNothing';
import { namespaceSelectorMatchesNothing } from '../../../server/src/core/checks/namespaceSelectorMatchesNothing';
import { namespaceHasNoWorkloads } from '../../../server/src/core/checks/namespaceHasNoWorkloads';
import type { SelectorFindingData } from '../../../server/src/core/checks/unmatchedSelector';
import { applyEdits } from '../../../server/src/core/edits/text';
import { deployment, indexOf, namespaceObj, pod } from '../index/fixtures';

const BACKEND = 'file:///w/backend.yaml';
const FRONTEND = 'file:///w/frontend.yaml';
const POLICY = 'file:///w/policy.yaml';

const WORKSPACE = {
  [BACKEND]: deployment('backend', { app: 'backend', tier: 'api' }, 'shop'),
  [FRONTEND]: deployment('frontend', { app: 'frontend', tier: 'web' }, 'shop'),
  'file:///w/db.yaml': pod('db', { app: 'db' }, 'shop'),
  'file:///w/pay.yaml': deployment('pay', { app: 'pay' }, 'payments'),
  'file:///w/ns.yaml': namespaceObj('payments', { team: 'payments' }) + '---\n' + namespaceObj('shop', { team: 'shop' }),
};

function policy(spec: string, namespace = 'shop'): string {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db
  namespace: ${namespace}
spec:
${spec}`;
}

function run(spec: string, extra: Record<string, string> = {}, namespace?: string): { findings: Finding[]; text: string } {
  const text = policy(spec, namespace);
  const index = indexOf({ ...WORKSPACE, ...extra, [POLICY]: text });
  // The selector rules alone: the lints of issue #10 have their own tests.
  return { findings: runIndexChecks(index, POLICY, (id) => SELECTOR_RULE_IDS.includes(id)), text };
}

const SELECTOR_RULE_IDS = ['netpol/selector-matches-nothing', 'netpol/namespace-selector-matches-nothing', 'netpol/namespace-has-no-workloads'];

function at(text: string, snippet: string, from = 0): { start: number; end: number } {
  const start = text.indexOf(snippet, from);
  assert.ok(start >= 0, `snippet ${snippet}`);
  return { start, end: start + snippet.length };
}

function brief(fs: Finding[]): [string, string, string][] {
  return fs.map((f) => [f.ruleId, f.severity, f.message]);
}

describe('netpol/selector-matches-nothing', () => {
  it('names the nearest value of the same key, on the failing matchLabels entry, with quick-fix data', () => {
    const { findings, text } = run(`  podSelector:
    matchLabels:
      app: db
  ingress:
  - from:
    - podSelector:
        matchLabels:
          app: backnd
`);
    assert.deepStrictEqual(brief(findings), [['netpol/selector-matches-nothing', 'warning', 'no workload in namespace shop has app=backnd; did you mean app=backend (Deployment backend)?']]);
    assert.deepStrictEqual(findings[0].range, at(text, 'app: backnd'));
    const data = findings[0].data as SelectorFindingData;
    assert.deepStrictEqual(data, {
      target: 'pod',
      policy: { uri: POLICY, name: 'db', namespace: 'shop' },
      selectorPath: 'spec.ingress[0].from[0].podSelector',
      failing: { key: 'app', operator: 'In', values: ['backnd'] },
      missingLabels: [{ key: 'app', value: 'backnd' }],
      candidates: [
        { uri: BACKEND, kind: 'Deployment', name: 'backend', namespace: 'shop', labelsToAdd: [{ key: 'app', value: 'backnd', replaces: 'backend' }] },
        { uri: 'file:///w/db.yaml', kind: 'Pod', name: 'db', namespace: 'shop', labelsToAdd: [{ key: 'app', value: 'backnd', replaces: 'db' }] },
        { uri: FRONTEND, kind: 'Deployment', name: 'frontend', namespace: 'shop', labelsToAdd: [{ key: 'app', value: 'backnd', replaces: 'frontend' }] },
      ],
      suggestion: {
        key: 'app',
        value: 'backend',
        members: [{ uri: BACKEND, kind: 'Deployment', name: 'backend', namespace: 'shop' }],
        replace: { uri: POLICY, range: at(text, 'backnd'), newText: 'backend' },
      },
    });
    assert.ok(applyEdits(text, [data.suggestion!.replace]).includes('          app: backend\n'));
  });

  it('checks the policy podSelector too, and keeps the quotes when suggesting', () => {
    const { findings, text } = run(`  podSelector:
    matchLabels:
      app: "fronted"
`);
    assert.deepStrictEqual(brief(findings), [['netpol/selector-matches-nothing', 'warning', 'no workload in namespace shop has app=fronted; did you mean app=frontend (Deployment frontend)?']]);
    assert.deepStrictEqual(findings[0].range, at(text, 'app: "fronted"'));
    assert.strictEqual((findings[0].data as SelectorFindingData).suggestion!.replace.newText, '"frontend"');
  });

  it('suggests a near key', () => {
    const { findings, text } = run(`  podSelector: {matchLabels: {ap: backend}}\n`);
    assert.deepStrictEqual(brief(findings), [['netpol/selector-matches-nothing', 'warning', 'no workload in namespace shop has ap=backend; did you mean app=backend (Deployment backend)?']]);
    assert.deepStrictEqual((findings[0].data as SelectorFindingData).suggestion!.replace, { uri: POLICY, range: { start: text.indexOf('{ap:') + 1, end: text.indexOf('{ap:') + 3 }, newText: 'app' });
  });

  it('says when the label exists in another namespace', () => {
    // Alone: with every rule on, netpol/peer-selector-wrong-namespace replaces it here (and DNS egress is blocked).
    const text = policy(`  podSelector: {}\n  egress:\n  - to:\n    - podSelector: {matchLabels: {app: pay}}\n`);
    const findings = runIndexChecks(indexOf({ ...WORKSPACE, [POLICY]: text }), POLICY, (id) => id === 'netpol/selector-matches-nothing');
    assert.deepStrictEqual(brief(findings), [['netpol/selector-matches-nothing', 'warning', 'no workload in namespace shop has app=pay; app=pay exists in namespace payments (Deployment pay)']]);
    assert.strictEqual((findings[0].data as SelectorFindingData).suggestion, undefined);
  });

  it('lists existing values when nothing is near', () => {
    const { findings } = run(`  podSelector: {matchLabels: {tier: zzzzzz}}\n`);
    assert.deepStrictEqual(brief(findings), [['netpol/selector-matches-nothing', 'warning', 'no workload in namespace shop has tier=zzzzzz; existing values: tier=api, tier=web']]);
  });

  it('reports a combination that fails on the selector key, naming the closest workload', () => {
    const { findings, text } = run(`  podSelector:\n    matchLabels: {app: backend, tier: web}\n`);
    assert.deepStrictEqual(brief(findings), [['netpol/selector-matches-nothing', 'warning', 'no workload in namespace shop has app=backend, tier=web together; closest: Deployment backend (missing tier=web)']]);
    assert.deepStrictEqual(findings[0].range, at(text, 'podSelector'));
    const data = findings[0].data as SelectorFindingData;
    assert.strictEqual(data.failing, null);
    assert.deepStrictEqual(data.candidates.map((c) => [c.name, c.labelsToAdd]), [
      ['backend', [{ key: 'tier', value: 'web', replaces: 'api' }]],
      ['frontend', [{ key: 'app', value: 'backend', replaces: 'frontend' }]],
      ['db', [{ key: 'app', value: 'backend', replaces: 'db' }, { key: 'tier', value: 'web' }]],
    ]);
  });

  it('words each matchExpressions operator, on the failing item', () => {
    const { findings, text } = run(`  podSelector:
    matchExpressions:
    - {key: tierr, operator: Exists}
    - {key: app, operator: DoesNotExist}
    - {key: app, operator: NotIn, values: [backend, frontend, db]}
    - {key: app, operator: In, values: [x, frontnd]}
`);
    assert.deepStrictEqual(brief(findings), [
      ['netpol/selector-matches-nothing', 'warning', 'no workload in namespace shop has label tierr; did you mean tier (Deployment backend, Deployment frontend)?'],
      ['netpol/selector-matches-nothing', 'warning', 'no workload in namespace shop lacks label app'],
      ['netpol/selector-matches-nothing', 'warning', 'no workload in namespace shop has app notin (backend,frontend,db)'],
      ['netpol/selector-matches-nothing', 'warning', 'no workload in namespace shop has app in (x,frontnd); did you mean app=frontend (Deployment frontend)?'],
    ]);
    assert.deepStrictEqual(findings[0].range, at(text, '{key: tierr, operator: Exists}'));
    assert.deepStrictEqual((findings[0].data as SelectorFindingData).suggestion!.replace.range, at(text, 'tierr'));
    assert.deepStrictEqual((findings[3].data as SelectorFindingData).suggestion!.replace.range, at(text, 'frontnd'));
    assert.deepStrictEqual((findings[3].data as SelectorFindingData).missingLabels, []);
  });

  it('evaluates a peer podSelector in the namespaces of its namespaceSelector', () => {
    const ok = run(`  podSelector: {}\n  ingress:\n  - from:\n    - namespaceSelector: {matchLabels: {team: payments}}\n      podSelector: {matchLabels: {app: pay}}\n`);
    assert.deepStrictEqual(ok.findings, []);
    const bad = run(`  podSelector: {}\n  ingress:\n  - from:\n    - namespaceSelector: {matchLabels: {team: payments}}\n      podSelector: {matchLabels: {app: backend}}\n`);
    assert.deepStrictEqual(brief(bad.findings), [['netpol/selector-matches-nothing', 'warning', 'no workload in namespace payments has app=backend; app=backend exists in namespace shop (Deployment backend)']]);
    const any = run(`  podSelector: {}\n  ingress:\n  - from:\n    - namespaceSelector: {}\n      podSelector: {matchLabels: {app: nope}}\n`);
    // namespaceSelector: {} reaches namespaces the workspace does not show: information, not a warning.
    assert.deepStrictEqual(brief(any.findings), [['netpol/selector-matches-nothing', 'information', 'no workload in any namespace has app=nope; existing values: app=backend, app=db, app=frontend, app=pay']]);
  });

  it('leaves invalid selectors to validation, and skips peers whose namespaces have no workloads', () => {
    const { findings } = run(`  podSelector:
    matchExpressions: [{key: app, operator: in, values: [x]}]
  ingress:
  - from:
    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: quiet}}
      podSelector: {matchLabels: {app: nothing}}
`, { 'file:///w/quiet.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: quiet}\n' });
    assert.deepStrictEqual(findings, []);
  });

  it('follows changes in other files: a renamed label, a deleted file', () => {
    const text = policy(`  podSelector: {matchLabels: {app: backend}}\n`);
    const index = indexOf({ ...WORKSPACE, [POLICY]: text });
    assert.deepStrictEqual(runIndexChecks(index, POLICY), []);
    index.setFile(BACKEND, deployment('backend', { app: 'backend-v2' }, 'shop'));
    assert.deepStrictEqual(brief(runIndexChecks(index, POLICY)), [['netpol/selector-matches-nothing', 'warning', 'no workload in namespace shop has app=backend; did you mean app=backend-v2 (Deployment backend)?']]);
    index.setFile(BACKEND, deployment('backend', { app: 'backend' }, 'shop'));
    assert.deepStrictEqual(runIndexChecks(index, POLICY), []);
    index.removeFile(BACKEND);
    assert.strictEqual(runIndexChecks(index, POLICY).length, 1);
  });
});

describe('netpol/namespace-selector-matches-nothing', () => {
  it('names the nearest namespace label', () => {
    const { findings, text } = run(`  podSelector: {}\n  ingress:\n  - from:\n    - namespaceSelector:\n        matchLabels:\n          team: paymnts\n`);
    assert.deepStrictEqual(brief(findings), [['netpol/namespace-selector-matches-nothing', 'warning', 'no namespace has team=paymnts; did you mean team=payments (namespace payments)?']]);
    assert.deepStrictEqual(findings[0].range, at(text, 'team: paymnts'));
    const data = findings[0].data as SelectorFindingData;
    assert.strictEqual(data.target, 'namespace');
    assert.deepStrictEqual(data.candidates.map((c) => [c.kind, c.name, c.uri, c.labelsToAdd]), [
      ['Namespace', 'payments', 'file:///w/ns.yaml', [{ key: 'team', value: 'paymnts', replaces: 'payments' }]],
      ['Namespace', 'shop', 'file:///w/ns.yaml', [{ key: 'team', value: 'paymnts', replaces: 'shop' }]],
    ]);
    assert.deepStrictEqual(data.suggestion!.replace, { uri: POLICY, range: at(text, 'paymnts'), newText: 'payments' });
  });

  it('matches the automatic name label, and says when no Namespace has labels', () => {
    const ws = { [BACKEND]: WORKSPACE[BACKEND] };
    const text = policy(`  podSelector: {}\n  ingress:\n  - from:\n    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shop}}\n    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shp}}\n    - namespaceSelector: {matchLabels: {team: x}}\n`);
    const index = indexOf({ ...ws, [POLICY]: text });
    assert.deepStrictEqual(brief(runIndexChecks(index, POLICY)), [
      ['netpol/namespace-selector-matches-nothing', 'warning', 'no namespace has kubernetes.io/metadata.name=shp; did you mean kubernetes.io/metadata.name=shop (namespace shop)?; no Namespace in the workspace has labels besides kubernetes.io/metadata.name'],
      ['netpol/namespace-selector-matches-nothing', 'warning', 'no namespace has team=x; no Namespace in the workspace has labels besides kubernetes.io/metadata.name'],
    ]);
  });
});

describe('netpol/namespace-has-no-workloads', () => {
  it('says it once per policy, on metadata.namespace, instead of per selector', () => {
    const { findings, text } = run(`  podSelector: {matchLabels: {app: x}}\n  ingress:\n  - from:\n    - podSelector: {matchLabels: {app: y}}\n`, {}, 'empty');
    assert.deepStrictEqual(brief(findings), [['netpol/namespace-has-no-workloads', 'information', 'namespace empty has no workloads in the workspace; selectors in it are not checked']]);
    assert.deepStrictEqual(findings[0].range, at(text, 'empty'));
  });

  it('falls on the kind when the namespace is implicit', () => {
    const text = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec: {podSelector: {}}\n';
    const index = indexOf({ [POLICY]: text });
    const findings = runIndexChecks(index, POLICY);
    assert.deepStrictEqual(brief(findings), [['netpol/namespace-has-no-workloads', 'information', 'namespace default has no workloads in the workspace; selectors in it are not checked']]);
    assert.deepStrictEqual(findings[0].range, at(text, 'NetworkPolicy'));
  });
});

describe('the check registry', () => {
  it('lists each rule once with id, default severity and doc, and can switch rules off', () => {
    // The selector rules come first; the lints (issue #10) follow them.
    assert.deepStrictEqual(INDEX_CHECKS.slice(0, 3).map((c) => [c.id, c.defaultSeverity]), [
      ['netpol/selector-matches-nothing', 'warning'],
      ['netpol/namespace-selector-matches-nothing', 'warning'],
      ['netpol/namespace-has-no-workloads', 'information'],
    ]);
    assert.strictEqual(new Set(INDEX_CHECKS.map((c) => c.id)).size, INDEX_CHECKS.length, 'each id once');
    assert.ok(INDEX_CHECKS.every((c) => c.doc.length > 40));
    assert.deepStrictEqual([selectorMatchesNothing, namespaceSelectorMatchesNothing, namespaceHasNoWorkloads], INDEX_CHECKS.slice(0, 3));
    const text = policy(`  podSelector: {matchLabels: {app: nope}}\n`);
    const index = indexOf({ ...WORKSPACE, [POLICY]: text });
    assert.strictEqual(runIndexChecks(index, POLICY).length, 1);
    assert.deepStrictEqual(runIndexChecks(index, POLICY, (id) => id !== 'netpol/selector-matches-nothing'), []);
    assert.deepStrictEqual(runIndexChecks(index, 'file:///w/unknown.yaml'), []);
  });
});

describe('namespace selector quick-fix candidates', () => {
  it('never offers to set kubernetes.io/metadata.name, which Kubernetes owns', () => {
    const { findings } = run(`  podSelector: {}
  ingress:
  - from:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: paymnts
`);
    const f = findings.find((x) => x.ruleId === 'netpol/namespace-selector-matches-nothing');
    assert.ok(f, 'the typo is reported');
    const data = f.data as SelectorFindingData;
    assert.deepStrictEqual(data.candidates, []);
    assert.match(f.message, /payments/);
  });
});

describe('built-in namespaces', () => {
  it('a namespaceSelector for kube-system (DNS egress) is not flagged, a typo of it is', () => {
    const spec = (ns: string) => `  podSelector: {}
  egress:
  - to:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: ${ns}
    ports:
    - {port: 53, protocol: UDP}
`;
    assert.deepStrictEqual(run(spec('kube-system')).findings.filter((f) => f.ruleId === 'netpol/namespace-selector-matches-nothing'), []);
    const typo = run(spec('kube-sytem')).findings.filter((f) => f.ruleId === 'netpol/namespace-selector-matches-nothing');
    assert.strictEqual(typo.length, 1);
  });
});

describe('selector quick fixes and YAML anchors', () => {
  it('offers no "change selector" edit on an anchored value, which its aliases share', () => {
    const plain = run(`  podSelector:
    matchLabels:
      app: backnd
`).findings.find((f) => f.ruleId === 'netpol/selector-matches-nothing');
    assert.ok((plain?.data as SelectorFindingData).suggestion, 'a plain value gets the edit');
    const { findings, text } = run(`  podSelector:
    matchLabels:
      app: &who backnd
  ingress:
  - from:
    - podSelector:
        matchLabels:
          app: *who
`);
    const onAnchor = findings.filter((f) => f.ruleId === 'netpol/selector-matches-nothing' && f.range.start <= text.indexOf('backnd') && f.range.end >= text.indexOf('backnd'));
    assert.strictEqual(onAnchor.length, 1);
    assert.strictEqual((onAnchor[0].data as SelectorFindingData).suggestion, undefined);
    // The alias may be replaced by a plain value: that leaves the anchor and its value alone.
    for (const f of findings) {
      const replace = (f.data as SelectorFindingData | undefined)?.suggestion?.replace;
      if (replace) assert.ok(replace.range.start > text.indexOf('backnd'), 'no edit touches the anchored value');
    }
  });
});
