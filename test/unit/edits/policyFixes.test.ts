// The quick fixes of the policyTypes and DNS-port lints, on the core: each
// is one insertion in the file's style (block, flow, CRLF, comments kept),
// passes verifyFix, and the edited file no longer has the finding.
import * as assert from 'assert';
import { runIndexChecks } from '../../../server/src/core/checks';
import { isPolicyFixData } from '../../../server/src/core/checks/policyFixData';
import { currentFindings, matchPolicyFinding } from '../../../server/src/core/edits/currentFinding';
import { policyQuickFixes } from '../../../server/src/core/edits/policyFixes';
import { applyEdits } from '../../../server/src/core/edits/text';
import { verifyFix } from '../../../server/src/core/edits/verifyFix';
import { deployment, indexOf } from '../index/fixtures';

const POLICY = 'file:///w/policy.yaml';
const WORKLOADS = { 'file:///w/api.yaml': deployment('api', { app: 'api' }, 'shop') };

function head(rest: string): string {
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n  namespace: shop\n${rest}`;
}

/** Applies the one fix of the one finding of `ruleId`; returns the new text and the fix title. */
function fixOnce(ruleId: string, text: string): { after: string; title: string } {
  const index = indexOf({ ...WORKLOADS, [POLICY]: text });
  const found = runIndexChecks(index, POLICY).filter((f) => f.ruleId === ruleId);
  assert.strictEqual(found.length, 1, `one ${ruleId} finding in\n${text}`);
  assert.ok(isPolicyFixData(found[0].data));
  const fixes = policyQuickFixes(index, found[0].data);
  assert.strictEqual(fixes.length, 1, 'one fix');
  assert.strictEqual(verifyFix(index.fullAnalysis(POLICY)!, fixes[0], {}), undefined);
  const after = applyEdits(text, fixes[0].edits);
  const again = runIndexChecks(indexOf({ ...WORKLOADS, [POLICY]: after }), POLICY).filter((f) => f.ruleId === ruleId);
  assert.deepStrictEqual(again, [], `the finding is gone after the fix:\n${after}`);
  return { after, title: fixes[0].title };
}

describe('quick fixes of the policy lints', () => {
  it('ignored-rules: adds Egress to a block policyTypes list, keeping comments', () => {
    const text = head(`spec:\n  podSelector: {}\n  policyTypes:\n    - Ingress   # only ingress?\n  egress:\n    - to: [{podSelector: {}}]\n`);
    const { after, title } = fixOnce('netpol/ignored-rules', text);
    assert.strictEqual(title, 'Add Egress to policyTypes');
    assert.strictEqual(after, text.replace('    - Ingress   # only ingress?\n', '    - Ingress   # only ingress?\n    - Egress\n'));
  });

  it('ignored-rules: adds Ingress to a flow list, in CRLF', () => {
    const text = head(`spec:\n  podSelector: {}\n  policyTypes: [Egress]\n  ingress:\n  - {}\n  egress: [{}]\n`).replace(/\n/g, '\r\n');
    const { after } = fixOnce('netpol/ignored-rules', text);
    assert.strictEqual(after, text.replace('[Egress]', '[Egress, Ingress]'));
  });

  it('egress-only-denies-ingress: writes policyTypes before egress, indented like the egress list', () => {
    const text = head(`spec:\n  podSelector:\n    matchLabels: {app: api}\n  # egress to the db only\n  egress:\n    - to:\n      - podSelector: {}\n`);
    const { after, title } = fixOnce('netpol/egress-only-denies-ingress', text);
    assert.strictEqual(title, 'Set policyTypes: [Egress]');
    assert.strictEqual(after, text.replace('  egress:\n', '  policyTypes:\n    - Egress\n  egress:\n'));
  });

  it('egress-only-denies-ingress: kubectl-style lists, CRLF, and a flow spec', () => {
    const block = head(`spec:\n  podSelector: {}\n  egress:\n  - {}\n`).replace(/\n/g, '\r\n');
    assert.strictEqual(fixOnce('netpol/egress-only-denies-ingress', block).after, block.replace('  egress:\r\n', '  policyTypes:\r\n  - Egress\r\n  egress:\r\n'));
    const flow = head(`spec: {podSelector: {}, egress: [{}]}\n`);
    assert.strictEqual(fixOnce('netpol/egress-only-denies-ingress', flow).after, flow.replace('egress: [{}]', 'policyTypes: [Egress], egress: [{}]'));
  });

  it('empty-egress-ignored: fills an empty policyTypes list, or writes the key', () => {
    const empty = head(`spec:\n  podSelector: {}\n  policyTypes: []\n  egress: []\n`);
    const a = fixOnce('netpol/empty-egress-ignored', empty);
    assert.strictEqual(a.title, 'Set policyTypes: [Ingress, Egress]');
    assert.strictEqual(a.after, empty.replace('policyTypes: []', 'policyTypes: [Ingress, Egress]'));
    const absent = head(`spec:\n  podSelector: {}\n  ingress: []\n  egress: []\n`);
    assert.strictEqual(fixOnce('netpol/empty-egress-ignored', absent).after, absent.replace('  ingress: []\n', '  policyTypes:\n  - Ingress\n  - Egress\n  ingress: []\n'));
  });

  it('dns-port-without-udp: adds a UDP entry after the port, block and flow', () => {
    const spec = (ports: string) => head(`spec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - to: [{namespaceSelector: {}}]\n    ports:\n${ports}`);
    const block = spec(`    - port: 53 # dns\n    - port: 80\n`);
    const b = fixOnce('netpol/dns-port-without-udp', block);
    assert.strictEqual(b.title, 'Add a UDP entry for port 53 (keeps TCP 53)');
    assert.strictEqual(b.after, block.replace('    - port: 53 # dns\n', '    - port: 53 # dns\n    - port: 53\n      protocol: UDP\n'));
    const flowItem = spec(`    - {port: dns}\n`).replace(/\n/g, '\r\n');
    assert.strictEqual(fixOnce('netpol/dns-port-without-udp', flowItem).after, flowItem.replace('    - {port: dns}\r\n', '    - {port: dns}\r\n    - {port: dns, protocol: UDP}\r\n'));
    const flowList = spec(`      [{port: 53}, {port: 443}]\n`);
    assert.strictEqual(fixOnce('netpol/dns-port-without-udp', flowList).after, flowList.replace('{port: 53}', '{port: 53}, {port: 53, protocol: UDP}'));
  });

  it('offers nothing on anchored or merged nodes', () => {
    const anchored = head(`spec:\n  podSelector: {}\n  policyTypes: &t [Ingress]\n  egress:\n  - {}\n`);
    const index = indexOf({ ...WORKLOADS, [POLICY]: anchored });
    const f = runIndexChecks(index, POLICY).find((x) => x.ruleId === 'netpol/ignored-rules');
    assert.ok(f && isPolicyFixData(f.data));
    assert.deepStrictEqual(policyQuickFixes(index, f.data), []);
  });

  it('re-derives a stale finding by policy, path and fix, never by offset', () => {
    const before = head(`spec:\n  podSelector: {}\n  egress:\n  - {}\n`);
    const old = runIndexChecks(indexOf({ ...WORKLOADS, [POLICY]: before }), POLICY).find((f) => f.ruleId === 'netpol/egress-only-denies-ingress')!;
    // Lines added above the policy: the old offsets mean nothing now.
    const now = `# a comment\n# another\n${before}`;
    const index = indexOf({ ...WORKLOADS, [POLICY]: now });
    const current = currentFindings(index, POLICY, ['netpol/egress-only-denies-ingress']);
    const data = matchPolicyFinding(current, POLICY, 'netpol/egress-only-denies-ingress', old.data);
    assert.ok(data);
    const [fix] = policyQuickFixes(index, data);
    assert.strictEqual(applyEdits(now, fix.edits), now.replace('  egress:\n', '  policyTypes:\n  - Egress\n  egress:\n'));
    // Once fixed, the old diagnostic matches nothing: no fix is offered twice.
    const fixed = indexOf({ ...WORKLOADS, [POLICY]: applyEdits(now, fix.edits) });
    assert.strictEqual(matchPolicyFinding(currentFindings(fixed, POLICY, ['netpol/egress-only-denies-ingress']), POLICY, 'netpol/egress-only-denies-ingress', old.data), undefined);
    assert.strictEqual(matchPolicyFinding(current, POLICY, 'netpol/egress-only-denies-ingress', { bogus: true }), undefined);
  });
});
