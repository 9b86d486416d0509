import { assertFindings, assertValid, findingsOf, policy } from './helpers';

const from = (peers: string): string => policy(`  podSelector: {}\n  ingress:\n  - from:\n${peers}`);

describe('validation: peers', () => {
  describe('netpol/empty-peer', () => {
    it('accepts peers with an empty selector (all pods / all namespaces)', () => {
      assertValid(from('    - podSelector: {}\n    - namespaceSelector: {}\n    - ipBlock: {cidr: 0.0.0.0/0}\n'));
    });

    it('reports an empty peer on the peer', () => {
      const text = from('    - {}\n');
      assertFindings(text, findingsOf(text), [{ ruleId: 'netpol/empty-peer', message: 'spec.ingress[0].from[0]: Required value: must specify a peer', covers: '{}' }]);
    });

    it('reports a peer whose only selector is null (a nil pointer to the API server)', () => {
      const text = policy('  podSelector: {}\n  egress:\n  - to:\n    - namespaceSelector:\n      ipBlock: ~\n');
      assertFindings(text, findingsOf(text), [
        { ruleId: 'netpol/empty-peer', message: 'spec.egress[0].to[0]: Required value: must specify a peer', covers: 'namespaceSelector:\n      ipBlock: ~' },
      ]);
    });
  });

  describe('netpol/ipblock-with-other-peer', () => {
    it('accepts ipBlock and a selector as two peers', () => {
      assertValid(from('    - ipBlock: {cidr: 10.0.0.0/8}\n    - namespaceSelector: {}\n'));
    });

    it('reports ipBlock and podSelector in one peer, on the whole peer, after the peer fields are checked', () => {
      const text = from(`    - podSelector:
        matchLabels: {app: -web}
      ipBlock:
        cidr: 10.0.0.0/8
`);
      assertFindings(text, findingsOf(text), [
        {
          ruleId: 'netpol/invalid-label-value',
          message:
            "spec.ingress[0].from[0].podSelector.matchLabels: Invalid value: \"-web\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
          covers: '-web',
        },
        {
          ruleId: 'netpol/ipblock-with-other-peer',
          message: 'spec.ingress[0].from[0]: Forbidden: may not specify both ipBlock and another peer',
          covers: 'podSelector:\n        matchLabels: {app: -web}\n      ipBlock:\n        cidr: 10.0.0.0/8',
          line: 9,
        },
      ]);
    });

    it('reports it once for all three fields', () => {
      const text = from('    - {podSelector: {}, namespaceSelector: {}, ipBlock: {cidr: 10.0.0.0/8}}\n');
      assertFindings(text, findingsOf(text), [
        {
          ruleId: 'netpol/ipblock-with-other-peer',
          message: 'spec.ingress[0].from[0]: Forbidden: may not specify both ipBlock and another peer',
          covers: '{podSelector: {}, namespaceSelector: {}, ipBlock: {cidr: 10.0.0.0/8}}',
        },
      ]);
    });
  });
});

describe('validation: peers written through aliases', () => {
  it('reports an aliased empty peer on the alias, not on its anchor', () => {
    const text = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: test}
spec:
  podSelector: {}
  ingress:
  - from:
    - &nobody {podSelector: null}
  egress:
  - to:
    - *nobody
`;
    assertFindings(text, findingsOf(text), [
      { ruleId: 'netpol/empty-peer', message: 'spec.ingress[0].from[0]: Required value: must specify a peer', covers: '{podSelector: null}' },
      { ruleId: 'netpol/empty-peer', message: 'spec.egress[0].to[0]: Required value: must specify a peer', covers: '*nobody' },
    ]);
  });
});
