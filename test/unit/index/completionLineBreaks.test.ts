// Completion reads lone-CR and CRLF texts as it reads LF ones.
import * as assert from 'assert';
import { completionAt } from '../../../server/src/core/index/features/completion';
import { deployment, indexOf } from './fixtures';

const POLICY = 'file:///ws/policy.yaml';
const FILES = {
  'file:///ws/web.yaml': deployment('web', { app: 'web', tier: 'front' }, 'pay'),
  'file:///ws/api.yaml': deployment('api', { app: 'api', tier: 'back' }, 'pay'),
};

function complete(lines: string[], eol: string) {
  const text = lines.join(eol);
  const offset = text.indexOf('|');
  const ws = indexOf({ ...FILES, [POLICY]: text.replace('|', '') });
  return completionAt(ws, POLICY, offset);
}

describe('completion with CR and CRLF line breaks', () => {
  // The document does not parse (`bad: [`), so the namespace is read from the text.
  const head = ['apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata:', '  name: p', '  namespace: pay', 'spec:', '  podSelector:'];
  for (const [name, eol] of [['LF', '\n'], ['CRLF', '\r\n'], ['CR', '\r']] as const) {
    it(`matchExpressions values and the namespace written in the text, with ${name}`, () => {
      const c = complete([...head, '    matchExpressions:', '    - key: tier', '      operator: In', '      values:', '      - |', '  bad: [', ''], eol);
      assert.deepStrictEqual([c?.context, c?.key, c?.namespaces, c?.items.map((i) => i.label).sort()], ['podLabelValue', 'tier', ['pay'], ['back', 'front']]);
    });
  }
});
