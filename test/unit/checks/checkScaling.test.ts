// The selector checks must not cost policies x workloads: the same policies
// (every one with a dangling DNS egress rule, one in ten with a misspelt
// selector) checked against ten times more workloads cost far less than ten
// times more. A ratio against a baseline measured in the same run, never a
// time limit.
import * as assert from 'assert';
import { runIndexChecks } from '../../../server/src/core/checks';
import { clearSelectorVerdicts } from '../../../server/src/core/checks/selectorMatchesNothing';
import { WorkspaceIndex } from '../../../server/src/core/index/workspaceIndex';

const NAMESPACES = 8;
const APPS = 30;
const POLICIES = 120;

function workloads(count: number): Map<string, string> {
  const files = new Map<string, string>();
  const per = 50;
  for (let f = 0; f * per < count; f++) {
    const docs: string[] = [];
    for (let i = f * per; i < Math.min(count, (f + 1) * per); i++) {
      const ns = `ns-${i % NAMESPACES}`;
      docs.push(`apiVersion: v1\nkind: Pod\nmetadata: {name: w-${i}, namespace: ${ns}, labels: {app: app-${i % APPS}, instance: w-${i}}}\n`);
    }
    files.set(`file:///w/pods-${f}.yaml`, docs.join('---\n'));
  }
  return files;
}

function policies(): Map<string, string> {
  const files = new Map<string, string>();
  for (let p = 0; p < POLICIES; p++) {
    const app = `app-${p % APPS}`;
    // One in ten misspelt, each a different typo (no two share a cached verdict).
    const from = p % 10 === 0 ? `${'xyz'[p % 3]}pp-${(p / 10) % APPS}` : `app-${(p * 7) % APPS}`;
    files.set(
      `file:///w/policy-${p}.yaml`,
      `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p-${p}, namespace: ns-${p % NAMESPACES}}
spec:
  podSelector: {matchLabels: {app: ${app}}}
  ingress:
  - from:
    - podSelector: {matchLabels: {app: ${from}}}
  egress:
  - to:
    - namespaceSelector: {}
      podSelector: {matchLabels: {k8s-app: kube-dns}}
    ports: [{protocol: UDP, port: 53}]
`,
    );
  }
  return files;
}

function build(workloadCount: number): { index: WorkspaceIndex; policyUris: string[] } {
  const index = new WorkspaceIndex({ clusterModel: false });
  for (const [uri, text] of workloads(workloadCount)) index.setFile(uri, text);
  const ps = policies();
  for (const [uri, text] of ps) index.setFile(uri, text);
  return { index, policyUris: [...ps.keys()] };
}

/** Median time of checking every policy file with no cached verdicts. */
function coldChecks(index: WorkspaceIndex, uris: string[]): { ms: number; findings: number } {
  const times: number[] = [];
  let findings = 0;
  for (let run = 0; run < 7; run++) {
    clearSelectorVerdicts(index);
    const start = process.hrtime.bigint();
    findings = 0;
    for (const uri of uris) findings += runIndexChecks(index, uri).length;
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { ms: times[3], findings };
}

describe('selector checks scale with selectors, not policies x workloads', function () {
  this.timeout(120000);

  it('ten times more workloads, same dangling selectors: well under ten times the cost', () => {
    const small = build(2000);
    const large = build(20000);
    // Warm the JIT on the small one before measuring either.
    coldChecks(small.index, small.policyUris);
    const a = coldChecks(small.index, small.policyUris);
    const b = coldChecks(large.index, large.policyUris);
    // Same findings: every DNS rule (information, open scope) and the misspellings.
    assert.strictEqual(a.findings, POLICIES + POLICIES / 10);
    assert.strictEqual(b.findings, a.findings);
    const ratio = b.ms / Math.max(a.ms, 0.5);
    if (process.env.SHOW_RATIO) console.log(`ratio ${ratio.toFixed(2)}: ${a.ms.toFixed(1)} ms -> ${b.ms.toFixed(1)} ms`);
    assert.ok(ratio < 3, `checks over 10x the workloads cost ${ratio.toFixed(2)}x (${a.ms.toFixed(1)} ms -> ${b.ms.toFixed(1)} ms)`);
  });
});
