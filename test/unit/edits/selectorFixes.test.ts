import * as assert from 'assert';
import { runIndexChecks } from '../../../server/src/core/checks';
import type { SelectorFindingData } from '../../../server/src/core/checks/unmatchedSelector';
import { selectorQuickFixes } from '../../../server/src/core/edits/selectorFixes';
import { applyEdits } from '../../../server/src/core/edits/text';
import { indexOf, namespaceObj } from '../index/fixtures';

const BACKEND = 'file:///w/apps/backend.yaml';
const POLICY = 'file:///w/policies/db.yaml';

const BACKEND_TEXT = `# Backend of the shop.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: backend
  namespace: shop
spec:
  template:
    metadata:
      # pods get these
      labels:
        app: backnd   # renamed by mistake

    spec:
      containers: []
`;

const POLICY_TEXT = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db
  namespace: shop
spec:
  podSelector: {}
  ingress:
  - from:
    - podSelector:
        matchLabels:
          app: backend
          role: client
`;

describe('selector quick fixes', () => {
  it('adds the missing labels in the workload file, or changes the selector, with exact resulting texts', () => {
    const index = indexOf({ [BACKEND]: BACKEND_TEXT, [POLICY]: POLICY_TEXT });
    const findings = runIndexChecks(index, POLICY);
    assert.deepStrictEqual(findings.map((f) => f.message), [
      'no workload in namespace shop has app=backend; did you mean app=backnd (Deployment backend)?',
      'no workload in namespace shop has role=client',
    ]);
    const fixes = selectorQuickFixes(index, findings[0].data as SelectorFindingData);
    assert.deepStrictEqual(fixes.map((f) => [f.title, f.uri, f.isPreferred]), [
      ['Set label app=backend, role=client on Deployment backend (backend.yaml), replacing app=backnd', BACKEND, false],
      ['Change selector to app=backnd', POLICY, false],
    ]);
    assert.strictEqual(
      applyEdits(BACKEND_TEXT, fixes[0].edits),
      BACKEND_TEXT.replace('        app: backnd   # renamed by mistake\n', '        app: backend   # renamed by mistake\n        role: client\n'),
    );
    assert.strictEqual(applyEdits(POLICY_TEXT, fixes[1].edits), POLICY_TEXT.replace('app: backend', 'app: backnd'));
    // Applying the label fix clears both findings.
    index.setFile(BACKEND, applyEdits(BACKEND_TEXT, fixes[0].edits));
    assert.deepStrictEqual(runIndexChecks(index, POLICY), []);
  });

  it('adds a label to a Namespace for a namespaceSelector, and gives no fix for objects gone since', () => {
    const NS = 'file:///w/ns.yaml';
    const policy = POLICY_TEXT.replace('    - podSelector:\n        matchLabels:\n          app: backend\n          role: client\n', '    - namespaceSelector: {matchLabels: {team: pay}}\n');
    const index = indexOf({ [NS]: namespaceObj('payments', { team: 'payments' }), [POLICY]: policy, [BACKEND]: BACKEND_TEXT });
    const [f] = runIndexChecks(index, POLICY);
    assert.strictEqual(f.message, 'no namespace has team=pay; did you mean team=payments (namespace payments)?');
    const fixes = selectorQuickFixes(index, f.data as SelectorFindingData);
    assert.deepStrictEqual(fixes.map((x) => x.title), ['Set label team=pay on Namespace payments (ns.yaml), replacing team=payments', 'Change selector to team=payments']);
    assert.strictEqual(applyEdits(index.getFile(NS)!.text, fixes[0].edits), namespaceObj('payments', { team: 'pay' }));
    index.removeFile(NS);
    assert.deepStrictEqual(selectorQuickFixes(index, f.data as SelectorFindingData).map((x) => x.title), ['Change selector to team=payments']);
  });
});
