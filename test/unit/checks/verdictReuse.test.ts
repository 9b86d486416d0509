// The selector verdicts (verdictCache.ts) that follow only from which
// workloads a selector matches ("it matches something"; "it matches in these
// other namespaces") survive label edits that touch no workload they match.
// On random workspaces (namespaces with workloads of random labels, policies
// whose own and peer selectors use matchLabels and matchExpressions, some
// misspelt, some peers in other namespaces or in every namespace), after
// each random edit (a label changed, added or dropped, a workload added,
// moved or removed, sometimes more edits at once than the label tables
// remember, or one that matters followed by more than they remember that do
// not) every policy file's findings, with every rule on, equal those
// computed with the verdict caches emptied.
import * as assert from 'assert';
import { runIndexChecks } from '../../../server/src/core/checks';
import { clearOtherNamespaces } from '../../../server/src/core/checks/otherNamespaces';
import { clearSelectorVerdicts } from '../../../server/src/core/checks/selectorMatchesNothing';
import { WorkspaceIndex } from '../../../server/src/core/index/workspaceIndex';
import { rng } from '../../lsp/randomEdits';

const NAMESPACES = ['a', 'b', 'c'];
const APPS = ['web', 'api', 'db', 'wbe'];
const TIERS = ['front', 'back'];
const everyRule = () => true;

function workloadText(i: number, ns: string, labels: Record<string, string>): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}: ${v}`).join(', ');
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: w${i}\n  namespace: ${ns}\nspec:\n  template:\n    metadata:\n      labels: {${pairs}}\n    spec:\n      containers:\n      - name: c\n        image: x\n        ports:\n        - {name: http, containerPort: 80}\n`;
}

function policyText(i: number, ns: string, pick: <T>(xs: readonly T[]) => T, r: () => number): string {
  const selector = () => {
    const roll = r();
    if (roll < 0.45) return `{matchLabels: {app: ${pick(APPS)}}}`;
    if (roll < 0.7) return `{matchLabels: {app: ${pick(APPS)}, tier: ${pick(TIERS)}}}`;
    if (roll < 0.85) return `{matchExpressions: [{key: tier, operator: In, values: [${pick(TIERS)}]}]}`;
    return `{matchExpressions: [{key: app, operator: NotIn, values: [${pick(APPS)}]}, {key: tier, operator: Exists}]}`;
  };
  const peer = () => {
    const roll = r();
    if (roll < 0.4) return `- podSelector: ${selector()}`;
    if (roll < 0.7) return `- podSelector: ${selector()}\n      namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ${pick(NAMESPACES)}}}`;
    return `- podSelector: ${selector()}\n      namespaceSelector: {}`;
  };
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p${i}\n  namespace: ${ns}\nspec:\n  podSelector: ${selector()}\n  policyTypes: [Ingress]\n  ingress:\n  - from:\n    ${peer()}\n    ${peer()}\n    ports:\n    - {protocol: TCP, port: 80}\n`;
}

describe('selector verdicts reused across label edits', () => {
  it('give the findings of a computation with the caches emptied, after every random edit', () => {
    let compared = 0;
    let withFindings = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const r = rng(seed);
      const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
      const labels = (): Record<string, string> => {
        const out: Record<string, string> = { app: pick(APPS) };
        if (r() < 0.7) out.tier = pick(TIERS);
        if (r() < 0.3) out.team = pick(['t1', 't2']);
        return out;
      };
      const index = new WorkspaceIndex();
      const workloads = 20 + Math.floor(r() * 40);
      const workloadAt = (i: number) => workloadText(i, pick(NAMESPACES), labels());
      for (let i = 0; i < workloads; i++) index.setFile(`file:///w${i}.yaml`, workloadAt(i));
      const policies: string[] = [];
      for (let i = 0; i < 12; i++) {
        const uri = `file:///p${i}.yaml`;
        index.setFile(uri, policyText(i, pick(NAMESPACES), pick, r));
        policies.push(uri);
      }
      // A peer looking in b for the label only w0 carries, in a, at edit 12.
      index.setFile('file:///p-solo.yaml', `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p-solo\n  namespace: b\nspec:\n  podSelector: {}\n  ingress:\n  - from:\n    - podSelector: {matchLabels: {app: solo}}\n`);
      policies.push('file:///p-solo.yaml');
      const findings = () => JSON.stringify(policies.map((uri) => runIndexChecks(index, uri, everyRule).map((f) => `${f.ruleId} ${f.severity} ${f.message} ${f.range.start}-${f.range.end} ${JSON.stringify(f.data ?? null)}`)));
      findings();
      for (let e = 0; e < 25; e++) {
        // Now and then more edits at once than the label tables remember.
        const burst = r() < 0.1 ? 300 : 1 + Math.floor(r() * 3);
        for (let b = 0; b < burst; b++) {
          const i = Math.floor(r() * (workloads + 4));
          const uri = `file:///w${i}.yaml`;
          if (r() < 0.1) index.removeFile(uri);
          else index.setFile(uri, workloadAt(i));
        }
        if (e === 12) {
          // Once: a change the next answer must see (w0 leaves every selector), then more changes than the
          // tables remember, none of them a member any selector matches: only the log's overflow tells.
          index.setFile('file:///w0.yaml', workloadText(0, 'a', { app: 'solo', tier: 'front' }));
          const before = findings();
          assert.ok(before.includes('namespace a'), `seed ${seed}: p-solo's peer is told app=solo is in namespace a: ${before}`);
          index.setFile('file:///w0.yaml', workloadText(0, 'a', { app: 'filler' }));
          for (let k = 0; k < 300; k++) index.setFile(`file:///filler-${seed}-${k}.yaml`, workloadText(1000 + k, 'a', { app: 'filler' }));
        }
        const warm = findings();
        clearSelectorVerdicts(index);
        clearOtherNamespaces(index);
        const cold = findings();
        assert.strictEqual(warm, cold, `seed ${seed}, edit ${e}`);
        compared++;
        if (cold.includes('selector-matches-nothing') || cold.includes('peer-selector-wrong-namespace')) withFindings++;
      }
    }
    // The cases must exercise both verdicts, or equality proves little.
    assert.ok(compared === 500 && withFindings > 200, `${compared} compared, ${withFindings} with selector findings`);
  });
});
