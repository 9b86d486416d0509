// Open scopes (pods we cannot see may match), the cluster DNS in
// did-you-mean, duplicate matchLabels keys and bounded finding data.
import * as assert from 'assert';
import type { Finding } from '../../../server/src/core/findings';
import { runIndexChecks } from '../../../server/src/core/checks';
import { locatedRequirements } from '../../../server/src/core/checks/locatedRequirements';
import type { SelectorFindingData } from '../../../server/src/core/checks/unmatchedSelector';
import { compileSelector } from '../../../server/src/core/policy/labelSelector';
import type { WorkspaceIndex } from '../../../server/src/core/index/workspaceIndex';
import { deployment, indexOf, namespaceObj } from '../index/fixtures';

const POLICY = 'file:///w/policy.yaml';
const COREDNS = 'file:///w/kube-system/coredns.yaml';
const SELECTOR_RULE = 'netpol/selector-matches-nothing';

const WORKSPACE: Record<string, string> = {
  'file:///w/backend.yaml': deployment('backend', { app: 'backend' }, 'shop'),
  'file:///w/frontend.yaml': deployment('frontend', { app: 'frontend' }, 'shop'),
  'file:///w/ns.yaml': namespaceObj('shop', { team: 'shop' }) + '---\n' + namespaceObj('quiet', { team: 'shop' }),
  [COREDNS]: deployment('coredns', { 'k8s-app': 'kube-dns' }, 'kube-system'),
};

function policy(spec: string): string {
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n  namespace: shop\nspec:\n${spec}`;
}

const dnsEgress = (value: string, namespaceSelector = '{}') => `  podSelector: {}
  egress:
  - to:
    - namespaceSelector: ${namespaceSelector}
      podSelector:
        matchLabels:
          k8s-app: ${value}
    ports:
    - {protocol: UDP, port: 53}
`;

function selectorFindings(index: WorkspaceIndex): Finding[] {
  const uris = [...new Set(index.allPolicies().map((p) => p.uri))];
  return uris.flatMap((uri) => runIndexChecks(index, uri)).filter((f) => f.ruleId === SELECTOR_RULE);
}

function brief(fs: Finding[]): [string, string][] {
  return fs.map((f) => [f.severity, f.message]);
}

/** Marks the kube-system workloads as the cluster model does. */
function asClusterModel(index: WorkspaceIndex): void {
  for (const w of index.workloadsIn('kube-system').values()) w.cluster = { description: 'cluster DNS' };
}

function runIndexChecksOn(files: Record<string, string>, spec: string, tweak?: (index: WorkspaceIndex) => void): { findings: Finding[]; index: WorkspaceIndex; text: string } {
  const text = policy(spec);
  // The tests put their own kube-system workloads in; the real model is tested below.
  const index = indexOf({ ...files, [POLICY]: text }, undefined, { clusterModel: false });
  tweak?.(index);
  return { findings: runIndexChecks(index, POLICY).filter((f) => f.ruleId === SELECTOR_RULE), index, text };
}

describe('selector-matches-nothing: open and closed scopes', () => {
  it('a closed scope (a namespace the workspace defines) keeps the warning', () => {
    const { findings } = runIndexChecksOn(WORKSPACE, `  podSelector: {}\n  ingress:\n  - from:\n    - podSelector: {matchLabels: {app: backnd}}\n`);
    assert.deepStrictEqual(brief(findings), [['warning', 'no workload in namespace shop has app=backnd; did you mean app=backend (Deployment backend)?']]);
  });

  it('namespaceSelector: {} is open: information, with the did-you-mean kept', () => {
    const { findings } = runIndexChecksOn(WORKSPACE, `  podSelector: {}\n  ingress:\n  - from:\n    - namespaceSelector: {}\n      podSelector: {matchLabels: {app: backnd}}\n`);
    assert.deepStrictEqual(brief(findings), [['information', 'no workload in any namespace has app=backnd; did you mean app=backend (Deployment backend)?']]);
    assert.strictEqual((findings[0].data as SelectorFindingData).suggestion?.value, 'backend');
  });

  it('a scope with a namespace that has no workloads is open, one fully defined is not', () => {
    // team=shop selects shop (workloads) and quiet (none): pods of quiet are not in the workspace.
    const open = runIndexChecksOn(WORKSPACE, `  podSelector: {}\n  ingress:\n  - from:\n    - namespaceSelector: {matchLabels: {team: shop}}\n      podSelector: {matchLabels: {app: backnd}}\n`);
    assert.deepStrictEqual(brief(open.findings), [['information', 'no workload in namespaces quiet, shop has app=backnd; did you mean app=backend (Deployment backend)?']]);
    const closed = runIndexChecksOn(WORKSPACE, `  podSelector: {}\n  ingress:\n  - from:\n    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shop}}\n      podSelector: {matchLabels: {app: backnd}}\n`);
    assert.deepStrictEqual(brief(closed.findings), [['warning', 'no workload in namespace shop has app=backnd; did you mean app=backend (Deployment backend)?']]);
  });

  it('the scope closes when the empty namespace gets a workload, and the cached verdict follows', () => {
    const spec = `  podSelector: {}\n  ingress:\n  - from:\n    - namespaceSelector: {matchLabels: {team: shop}}\n      podSelector: {matchLabels: {app: backnd}}\n`;
    const { index } = runIndexChecksOn(WORKSPACE, spec);
    assert.deepStrictEqual(brief(runIndexChecks(index, POLICY)).map((b) => b[0]), ['information']);
    index.setFile('file:///w/quiet.yaml', deployment('q', { app: 'q' }, 'quiet'));
    assert.deepStrictEqual(brief(runIndexChecks(index, POLICY)).map((b) => b[0]), ['warning']);
    index.setFile('file:///w/quiet.yaml', deployment('q', { app: 'backnd' }, 'quiet'));
    assert.deepStrictEqual(runIndexChecks(index, POLICY), [], 'a workload with the label now matches');
    index.removeFile('file:///w/quiet.yaml');
    assert.deepStrictEqual(brief(runIndexChecks(index, POLICY)).map((b) => b[0]), ['information']);
  });
});

describe('selector-matches-nothing: the cluster DNS', () => {
  it('the DNS egress rule matches the CoreDNS workload: nothing to say', () => {
    assert.deepStrictEqual(runIndexChecksOn(WORKSPACE, dnsEgress('kube-dns')).findings, []);
    assert.deepStrictEqual(runIndexChecksOn(WORKSPACE, dnsEgress('kube-dns'), asClusterModel).findings, []);
  });

  it('without any DNS workload the rule is open: information, never a warning', () => {
    const { [COREDNS]: _, ...noDns } = WORKSPACE;
    const { findings } = runIndexChecksOn(noDns, dnsEgress('kube-dns'));
    assert.deepStrictEqual(brief(findings), [['information', 'no workload in any namespace has k8s-app=kube-dns']]);
  });

  it('a typo of kube-dns names the cluster DNS, and offers no label edit on it', () => {
    const { findings, text } = runIndexChecksOn(WORKSPACE, dnsEgress('kube-dnss'), asClusterModel);
    assert.deepStrictEqual(brief(findings), [['information', 'no workload in any namespace has k8s-app=kube-dnss; did you mean k8s-app=kube-dns (cluster DNS)?']]);
    const data = findings[0].data as SelectorFindingData;
    assert.ok(data.candidates.every((c) => c.namespace !== 'kube-system'), JSON.stringify(data.candidates));
    assert.ok(data.candidates.length > 0, 'workspace workloads are still candidates');
    assert.deepStrictEqual(data.suggestion?.members, [], 'the cluster workload has no file to point at');
    assert.deepStrictEqual(data.suggestion?.replace.range, { start: text.indexOf('kube-dnss'), end: text.indexOf('kube-dnss') + 'kube-dnss'.length });
    assert.strictEqual(data.suggestion?.replace.newText, 'kube-dns');
  });

  it('a kube-system scope with only cluster-model workloads is open; with a workload of the workspace it is closed', () => {
    const kubeSystem = '{matchLabels: {kubernetes.io/metadata.name: kube-system}}';
    const model = runIndexChecksOn(WORKSPACE, dnsEgress('kube-dnss', kubeSystem), asClusterModel);
    assert.deepStrictEqual(brief(model.findings), [['information', 'no workload in namespace kube-system has k8s-app=kube-dnss; did you mean k8s-app=kube-dns (cluster DNS)?']]);
    const file = runIndexChecksOn(WORKSPACE, dnsEgress('kube-dnss', kubeSystem));
    assert.deepStrictEqual(brief(file.findings), [['warning', 'no workload in namespace kube-system has k8s-app=kube-dnss; did you mean k8s-app=kube-dns (Deployment coredns)?']]);
  });

  it('a DNS workload added later silences every policy\'s rule (the shared verdict is recomputed)', () => {
    const { [COREDNS]: _, ...noDns } = WORKSPACE;
    const files: Record<string, string> = { ...noDns };
    for (let i = 0; i < 5; i++) files[`file:///w/p${i}.yaml`] = policy(dnsEgress('kube-dns'));
    const index = indexOf(files, undefined, { clusterModel: false });
    assert.strictEqual(selectorFindings(index).length, 5);
    index.setFile(COREDNS, WORKSPACE[COREDNS]);
    assert.deepStrictEqual(selectorFindings(index), []);
  });
});

describe('selector-matches-nothing: the built-in cluster model', () => {
  it('the DNS rule selects the model\'s CoreDNS: no finding; its typo names the cluster DNS', () => {
    const { [COREDNS]: _, ...noDns } = WORKSPACE;
    const run = (value: string) => {
      const text = policy(dnsEgress(value));
      const index = indexOf({ ...noDns, [POLICY]: text });
      return brief(runIndexChecks(index, POLICY).filter((f) => f.ruleId === SELECTOR_RULE));
    };
    assert.deepStrictEqual(run('kube-dns'), []);
    assert.deepStrictEqual(run('kube-dnss'), [['information', 'no workload in any namespace has k8s-app=kube-dnss; did you mean k8s-app=kube-dns (cluster DNS)?']]);
  });
});

describe('matchLabels with a key written twice', () => {
  it('the last entry wins, as the API server decodes a map: one requirement per key', () => {
    const text = policy(`  podSelector:\n    matchLabels:\n      app: nope\n      app: backend\n`);
    const index = indexOf({ ...WORKSPACE, [POLICY]: text }, undefined, { clusterModel: false });
    const sel = index.getFile(POLICY)!.policies[0].policy.podSelector!;
    const reqs = locatedRequirements(sel)!;
    assert.deepStrictEqual(reqs.map((r) => [r.requirement.key, [...(r.requirement as unknown as { values: Set<string> }).values]]), [['app', ['backend']]]);
    assert.deepStrictEqual(reqs[0].range, { start: text.indexOf('app: backend'), end: text.indexOf('app: backend') + 'app: backend'.length });
    assert.deepStrictEqual(compileSelector(sel), reqs.map((r) => r.requirement));
    assert.deepStrictEqual(runIndexChecks(index, POLICY), []);
  });

  it('a typo in the last entry is reported there, once', () => {
    const { findings, text } = runIndexChecksOn(WORKSPACE, `  podSelector:\n    matchLabels:\n      app: backend\n      app: backnd\n`);
    assert.deepStrictEqual(brief(findings), [['warning', 'no workload in namespace shop has app=backnd; did you mean app=backend (Deployment backend)?']]);
    assert.deepStrictEqual(findings[0].range, { start: text.indexOf('app: backnd'), end: text.indexOf('app: backnd') + 'app: backnd'.length });
  });
});

describe('bounded finding data', () => {
  it('names a few members and counts the rest; at most 3 candidates', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`file:///w/web-${i}.yaml`] = deployment(`web-${String(i).padStart(2, '0')}`, { app: 'web', instance: `web-${i}` }, 'shop');
    const { findings } = runIndexChecksOn(files, `  podSelector: {matchLabels: {app: webb}}\n`);
    assert.deepStrictEqual(brief(findings), [['warning', 'no workload in namespace shop has app=webb; did you mean app=web (Deployment web-00 and 39 more)?']]);
    const data = findings[0].data as SelectorFindingData;
    assert.strictEqual(data.candidates.length, 3);
    assert.ok(data.suggestion!.members.length <= 3);
  });

  it('a candidate that would need more than a few labels is no quick fix', () => {
    const many = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`k${i}`, `v${i}`]));
    const { findings } = runIndexChecksOn(WORKSPACE, `  podSelector:\n    matchLabels: {${Object.entries(many).map(([k, v]) => `${k}: ${v}`).join(', ')}}\n`);
    assert.ok(findings.length > 0);
    for (const f of findings) assert.deepStrictEqual((f.data as SelectorFindingData).candidates, []);
    const few = runIndexChecksOn(WORKSPACE, `  podSelector:\n    matchLabels: {app: backend, k1: v1, k2: v2}\n`);
    const data = few.findings[0].data as SelectorFindingData;
    assert.deepStrictEqual(data.candidates[0].labelsToAdd, [{ key: 'k1', value: 'v1' }, { key: 'k2', value: 'v2' }]);
  });

  it('values longer than any label value are not compared', () => {
    const long = 'b'.repeat(70);
    const files = { ...WORKSPACE, 'file:///w/long.yaml': deployment('long', { app: 'b'.repeat(69) }, 'shop') };
    const { findings } = runIndexChecksOn(files, `  podSelector: {matchLabels: {app: ${long}}}\n`);
    assert.strictEqual(findings.length, 1);
    assert.doesNotMatch(findings[0].message, /did you mean/);
  });
});

describe('hostile selectors', () => {
  it('a selector with a thousand failing requirements: one finding each, did-you-mean for the first few only', () => {
    const entries = Array.from({ length: 1000 }, (_, i) => `app${i}: backend`).join(', ');
    const { findings } = runIndexChecksOn(WORKSPACE, `  podSelector:\n    matchLabels: {${entries}}\n`);
    assert.strictEqual(findings.length, 1000);
    const withHint = findings.filter((f) => /did you mean/.test(f.message));
    assert.ok(withHint.length > 0 && withHint.length <= 10, `${withHint.length} with a did-you-mean`);
    for (const f of findings) assert.deepStrictEqual((f.data as SelectorFindingData).candidates, []);
  });
});
