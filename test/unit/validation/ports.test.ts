import * as assert from 'assert';
import { assertFindings, assertValid, findingsOf, policy } from './helpers';

/** A policy with one ingress rule whose ports list is `ports` (lines indented by 4). */
const ports = (p: string): string => policy(`  podSelector: {}\n  ingress:\n  - ports:\n${p}`);

describe('validation: ports', () => {
  describe('netpol/invalid-protocol', () => {
    it('accepts TCP, UDP, SCTP and no protocol', () => {
      assertValid(ports('    - {protocol: TCP, port: 80}\n    - {protocol: UDP, port: 53}\n    - {protocol: SCTP}\n    - {port: 443}\n'));
    });

    it('reports a lower-case protocol with the supported values in release order', () => {
      const text = ports('    - protocol: tcp\n      port: 80\n');
      assertFindings(text, findingsOf(text), [
        { ruleId: 'netpol/invalid-protocol', message: 'spec.ingress[0].ports[0].protocol: Unsupported value: "tcp": supported values: "TCP", "UDP", "SCTP"', covers: 'tcp' },
      ]);
    });

    it('reports an empty protocol (it is set, so not defaulted)', () => {
      const text = ports('    - protocol: ""\n');
      assertFindings(text, findingsOf(text), [
        { ruleId: 'netpol/invalid-protocol', message: 'spec.ingress[0].ports[0].protocol: Unsupported value: "": supported values: "TCP", "UDP", "SCTP"', covers: '""' },
      ]);
    });
  });

  describe('netpol/invalid-port', () => {
    it('accepts 1 and 65535', () => {
      assertValid(ports('    - port: 1\n    - port: 65535\n'));
    });

    it('reports 70000 as in the API server message', () => {
      const text = ports('    - port: 70000\n');
      assertFindings(text, findingsOf(text), [
        { ruleId: 'netpol/invalid-port', message: 'spec.ingress[0].ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive', covers: '70000' },
      ]);
    });

    it('reports 0 in an egress rule, after the protocol error of the same port', () => {
      const text = policy('  podSelector: {}\n  egress:\n  - ports:\n    - {protocol: Tcp, port: 0}\n');
      assertFindings(text, findingsOf(text), [
        { ruleId: 'netpol/invalid-protocol', message: 'spec.egress[0].ports[0].protocol: Unsupported value: "Tcp": supported values: "TCP", "UDP", "SCTP"', covers: 'Tcp' },
        { ruleId: 'netpol/invalid-port', message: 'spec.egress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive', covers: '0' },
      ]);
    });
  });

  describe('netpol/invalid-port-name', () => {
    it('accepts IANA service names', () => {
      assertValid(ports('    - port: http\n    - port: serve-80-tcp\n    - port: a23456789012345\n'));
    });

    it('reports a quoted number as a name without letters', () => {
      const text = ports('    - port: "80"\n');
      assertFindings(text, findingsOf(text), [
        { ruleId: 'netpol/invalid-port-name', message: 'spec.ingress[0].ports[0].port: Invalid value: "80": must contain at least one letter (a-z)', covers: '"80"' },
      ]);
    });

    it('reports each failed condition as its own error, in the API server order', () => {
      const text = ports('    - port: -Web--Frontend-Port-\n');
      const p = 'spec.ingress[0].ports[0].port: Invalid value: "-Web--Frontend-Port-"';
      assertFindings(text, findingsOf(text), [
        { ruleId: 'netpol/invalid-port-name', message: `${p}: must be no more than 15 bytes`, covers: '-Web--Frontend-Port-' },
        { ruleId: 'netpol/invalid-port-name', message: `${p}: must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)`, covers: '-Web--Frontend-Port-' },
        { ruleId: 'netpol/invalid-port-name', message: `${p}: must not contain consecutive hyphens`, covers: '-Web--Frontend-Port-' },
        { ruleId: 'netpol/invalid-port-name', message: `${p}: must not begin or end with a hyphen`, covers: '-Web--Frontend-Port-' },
      ]);
    });

    it('reports an empty name with the charset and letter errors', () => {
      const text = ports('    - port: ""\n');
      assert.deepStrictEqual(
        findingsOf(text).map((f) => f.message),
        [
          'spec.ingress[0].ports[0].port: Invalid value: "": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
          'spec.ingress[0].ports[0].port: Invalid value: "": must contain at least one letter (a-z)',
        ],
      );
    });
  });

  describe('netpol/invalid-end-port', () => {
    it('accepts a range, and endPort equal to port', () => {
      assertValid(ports('    - {port: 32000, endPort: 32768}\n    - {port: 80, endPort: 80}\n'));
    });

    it('reports endPort below port with the endPort value', () => {
      const text = ports('    - port: 8080\n      endPort: 80\n');
      assertFindings(text, findingsOf(text), [
        { ruleId: 'netpol/invalid-end-port', message: 'spec.ingress[0].ports[0].endPort: Invalid value: 80: must be greater than or equal to `port`', covers: '80', line: 10 },
      ]);
    });

    it('reports endPort both below port and out of range, in that order', () => {
      const text = ports('    - {port: 80, endPort: 0}\n');
      assertFindings(text, findingsOf(text), [
        { ruleId: 'netpol/invalid-end-port', message: 'spec.ingress[0].ports[0].endPort: Invalid value: 0: must be greater than or equal to `port`', covers: '0' },
        { ruleId: 'netpol/invalid-end-port', message: 'spec.ingress[0].ports[0].endPort: Invalid value: 0: must be between 1 and 65535, inclusive', covers: '0' },
      ]);
    });

    it('reports port and endPort out of range, port first', () => {
      const text = ports('    - {port: 0, endPort: 70000}\n');
      assertFindings(text, findingsOf(text), [
        { ruleId: 'netpol/invalid-port', message: 'spec.ingress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive', covers: '0' },
        { ruleId: 'netpol/invalid-end-port', message: 'spec.ingress[0].ports[0].endPort: Invalid value: 70000: must be between 1 and 65535, inclusive', covers: '70000' },
      ]);
    });

    it('reports endPort with a named port before the name errors, without range-checking it', () => {
      const text = ports('    - {port: Http, endPort: 70000}\n');
      assertFindings(text, findingsOf(text), [
        { ruleId: 'netpol/invalid-end-port', message: 'spec.ingress[0].ports[0].endPort: Invalid value: 70000: may not be specified when `port` is non-numeric', covers: '70000' },
        {
          ruleId: 'netpol/invalid-port-name',
          message: 'spec.ingress[0].ports[0].port: Invalid value: "Http": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
          covers: 'Http',
        },
      ]);
    });

    it('reports endPort without port (and with a null port)', () => {
      const text = ports('    - {protocol: UDP, endPort: 90}\n    - {port: null, endPort: 91}\n');
      assertFindings(text, findingsOf(text), [
        { ruleId: 'netpol/invalid-end-port', message: 'spec.ingress[0].ports[0].endPort: Invalid value: 90: may not be specified when `port` is not specified', covers: '90' },
        { ruleId: 'netpol/invalid-end-port', message: 'spec.ingress[0].ports[1].endPort: Invalid value: 91: may not be specified when `port` is not specified', covers: '91' },
      ]);
    });
  });
});
