// Shared by the unit tests of the lint rules: a small workspace (namespace
// shop with api, web, db; namespace payments with pay), a policy builder,
// and running one rule on the policy file.
import * as assert from 'assert';
import type { Finding } from '../../../server/src/core/findings';
import { runIndexChecks } from '../../../server/src/core/checks';
import { deployment, indexOf, namespaceObj } from '../index/fixtures';

export const POLICY = 'file:///w/policy.yaml';

export const WORKSPACE: Record<string, string> = {
  'file:///w/api.yaml': deployment('api', { app: 'api', tier: 'back' }, 'shop'),
  'file:///w/web.yaml': deployment('web', { app: 'web', tier: 'front' }, 'shop'),
  'file:///w/db.yaml': deployment('db', { app: 'db', tier: 'back' }, 'shop'),
  'file:///w/pay.yaml': deployment('pay', { app: 'pay' }, 'payments'),
  'file:///w/ns.yaml': namespaceObj('payments', { team: 'payments' }) + '---\n' + namespaceObj('shop', { team: 'shop' }),
};

export function policyText(spec: string, name = 'p', namespace = 'shop'): string {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
${spec}`;
}

/** The findings of rule `ruleId` (all rules run, so replacement applies) on the policy file. */
export function runRule(ruleId: string, text: string, extra: Record<string, string> = {}): Finding[] {
  const index = indexOf({ ...WORKSPACE, ...extra, [POLICY]: text });
  return runIndexChecks(index, POLICY).filter((f) => f.ruleId === ruleId);
}

export function allFindings(text: string, extra: Record<string, string> = {}): Finding[] {
  return runIndexChecks(indexOf({ ...WORKSPACE, ...extra, [POLICY]: text }), POLICY);
}

export function at(text: string, snippet: string, from = 0): { start: number; end: number } {
  const start = text.indexOf(snippet, from);
  assert.ok(start >= 0, `snippet ${snippet}`);
  return { start, end: start + snippet.length };
}

export function brief(fs: Finding[]): [string, string][] {
  return fs.map((f) => [f.severity, f.message]);
}
