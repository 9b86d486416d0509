import * as assert from 'assert';
import { strictCidrError } from '../../../server/src/core/policy/validation/cidr';
import { networkString, parseCidrSloppy } from '../../../server/src/core/policy/validation/goNet';
import { assertFindings, assertValid, CIDR_MSG, findingsOf, policy } from './helpers';

const block = (ipBlock: string): string => policy(`  podSelector: {}\n  egress:\n  - to:\n    - ipBlock: ${ipBlock}\n`);
const P = 'spec.egress[0].to[0].ipBlock';

describe('validation: ipBlock', () => {
  describe('netpol/invalid-cidr', () => {
    it('accepts IPv4 and IPv6 networks', () => {
      assertValid(block('{cidr: 10.0.0.0/8}'));
      assertValid(block('{cidr: 0.0.0.0/0}'));
      assertValid(block('{cidr: 192.168.1.5/32}'));
      assertValid(block('{cidr: "2001:db8::/64"}'));
      assertValid(block('{cidr: "::/0"}'));
    });

    it('requires cidr, on the ipBlock key', () => {
      const text = block('{except: [10.0.0.0/8]}');
      assertFindings(text, findingsOf(text), [{ ruleId: 'netpol/invalid-cidr', message: `${P}.cidr: Required value`, covers: 'ipBlock' }]);
    });

    it('requires cidr when it is empty, on the value', () => {
      const text = block('{cidr: ""}');
      assertFindings(text, findingsOf(text), [{ ruleId: 'netpol/invalid-cidr', message: `${P}.cidr: Required value`, covers: '""' }]);
    });

    it('reports a bare address, and stops before the excepts', () => {
      const text = block('{cidr: 10.0.0.1, except: [nonsense]}');
      assertFindings(text, findingsOf(text), [{ ruleId: 'netpol/invalid-cidr', message: `${P}.cidr: Invalid value: "10.0.0.1": ${CIDR_MSG}`, covers: '10.0.0.1' }]);
    });

    it('reports prefix lengths out of range and other garbage', () => {
      for (const bad of ['10.0.0.0/33', '10.0.0.0/', '10.0.0.256/32', '10.0.0/24', '2001:db8::/129', '2001:db8:::/64', '0x0a.0.0.0/8', '10.0.0.0/8 /8']) {
        const text = block(`{cidr: "${bad}"}`);
        assert.deepStrictEqual(
          findingsOf(text).map((f) => f.message),
          [`${P}.cidr: Invalid value: "${bad}": ${CIDR_MSG}`],
          bad,
        );
      }
    });

    it('strict: reports host bits beyond the prefix', () => {
      const text = block('{cidr: 192.168.1.5/24}');
      assertFindings(text, findingsOf(text), [
        { ruleId: 'netpol/invalid-cidr', message: `${P}.cidr: Invalid value: "192.168.1.5/24": must not have bits set beyond the prefix length`, covers: '192.168.1.5/24' },
      ]);
    });

    it('strict: reports leading zeros in the address or the prefix length, and 5-digit IPv6 groups', () => {
      for (const bad of ['010.0.0.0/8', '10.0.0.0/08', '00001:db8::/32']) {
        const text = block(`{cidr: "${bad}"}`);
        assert.deepStrictEqual(
          findingsOf(text).map((f) => `${f.ruleId} ${f.message}`),
          [`netpol/invalid-cidr ${P}.cidr: Invalid value: "${bad}": must not have leading 0s in IP or prefix length`],
          bad,
        );
      }
    });

    it('strict: reports an IPv4-mapped IPv6 address (only that, though its host bits are set too)', () => {
      const text = block('{cidr: "::ffff:10.0.0.1/104"}');
      assertFindings(text, findingsOf(text), [
        { ruleId: 'netpol/invalid-cidr', message: `${P}.cidr: Invalid value: "::ffff:10.0.0.1/104": must not have an IPv4-mapped IPv6 address`, covers: '"::ffff:10.0.0.1/104"' },
      ]);
    });
  });

  describe('lenient CIDR validation (netpol/ambiguous-cidr, netpol/non-standard-cidr)', () => {
    it('accepts the strict-only mistakes as warnings', () => {
      const text = block('{cidr: 192.168.1.5/24}');
      assertFindings(text, findingsOf(text, { strictCidr: false }), [
        {
          ruleId: 'netpol/ambiguous-cidr',
          message: `${P}.cidr: CIDR value "192.168.1.5/24" is ambiguous in this context (should be "192.168.1.0/24" or "192.168.1.5/32"?)`,
          covers: '192.168.1.5/24',
          severity: 'warning',
        },
      ]);
    });

    it('warns about leading zeros with the value to use', () => {
      const text = block('{cidr: 010.0.0.0/8}');
      assertFindings(text, findingsOf(text, { strictCidr: false }), [
        {
          ruleId: 'netpol/non-standard-cidr',
          message: `${P}.cidr: non-standard CIDR value "010.0.0.0/8" will be considered invalid in a future Kubernetes release: use "10.0.0.0/8"`,
          covers: '010.0.0.0/8',
          severity: 'warning',
        },
      ]);
    });

    it('still reports unparseable CIDRs as errors', () => {
      const text = block('{cidr: 10.0.0.0/40}');
      assert.deepStrictEqual(
        findingsOf(text, { strictCidr: false }).map((f) => `${f.severity} ${f.ruleId}`),
        ['error netpol/invalid-cidr'],
      );
    });
  });

  describe('netpol/non-canonical-cidr', () => {
    it('accepts canonical IPv6', () => {
      assertValid(block('{cidr: "fe80::/10"}'));
    });

    it('warns about a non-canonical IPv6 CIDR in both modes', () => {
      const text = block('{cidr: "2001:DB8:0:0::/64"}');
      for (const strictCidr of [true, false]) {
        assertFindings(text, findingsOf(text, { strictCidr }), [
          {
            ruleId: 'netpol/non-canonical-cidr',
            message: `${P}.cidr: IPv6 CIDR value "2001:DB8:0:0::/64" should be in RFC 5952 canonical format ("2001:db8::/64")`,
            covers: '"2001:DB8:0:0::/64"',
            severity: 'warning',
          },
        ]);
      }
    });
  });

  describe('netpol/invalid-except', () => {
    it('accepts strict subsets, IPv4 and IPv6', () => {
      assertValid(block('{cidr: 10.0.0.0/8, except: [10.1.0.0/16, 10.2.3.4/32]}'));
      assertValid(block('{cidr: "2001:db8::/32", except: ["2001:db8:1::/48"]}'));
    });

    it('reports an except outside cidr and one equal to it, each on its item', () => {
      const text = block(`
        cidr: 10.0.0.0/16
        except:
        - 10.1.0.0/24
        - 10.0.0.0/16
        - 10.0.128.0/17`);
      assertFindings(text, findingsOf(text), [
        { ruleId: 'netpol/invalid-except', message: `${P}.except[0]: Invalid value: "10.1.0.0/24": must be a strict subset of \`cidr\``, covers: '10.1.0.0/24' },
        { ruleId: 'netpol/invalid-except', message: `${P}.except[1]: Invalid value: "10.0.0.0/16": must be a strict subset of \`cidr\``, covers: '10.0.0.0/16', line: 13 },
      ]);
    });

    it('reports an IPv6 except under an IPv4 cidr', () => {
      const text = block('{cidr: 10.0.0.0/8, except: ["2001:db8::/64"]}');
      assertFindings(text, findingsOf(text), [
        { ruleId: 'netpol/invalid-except', message: `${P}.except[0]: Invalid value: "2001:db8::/64": must be a strict subset of \`cidr\``, covers: '"2001:db8::/64"' },
      ]);
    });

    it('reports an invalid except and a null one (decoded as "")', () => {
      const text = block('{cidr: 10.0.0.0/8, except: [10.1.0.0, null]}');
      assertFindings(text, findingsOf(text), [
        { ruleId: 'netpol/invalid-except', message: `${P}.except[0]: Invalid value: "10.1.0.0": ${CIDR_MSG}`, covers: '10.1.0.0' },
        { ruleId: 'netpol/invalid-except', message: `${P}.except[1]: Invalid value: "": ${CIDR_MSG}`, covers: 'null' },
      ]);
    });

    it('strict: reports host bits in an except, then still checks the subset', () => {
      const text = block('{cidr: 10.0.0.0/8, except: [11.1.1.1/16]}');
      assertFindings(text, findingsOf(text), [
        { ruleId: 'netpol/invalid-except', message: `${P}.except[0]: Invalid value: "11.1.1.1/16": must not have bits set beyond the prefix length`, covers: '11.1.1.1/16' },
        { ruleId: 'netpol/invalid-except', message: `${P}.except[0]: Invalid value: "11.1.1.1/16": must be a strict subset of \`cidr\``, covers: '11.1.1.1/16' },
      ]);
    });

    it('checks excepts even when cidr fails a strict check', () => {
      const text = block('{cidr: 10.0.0.1/8, except: [10.0.0.0/8]}');
      assert.deepStrictEqual(
        findingsOf(text).map((f) => f.ruleId),
        ['netpol/invalid-cidr', 'netpol/invalid-except'],
      );
    });
  });

  describe('Go CIDR parsing', () => {
    it('ParseCIDRSloppy masks the network and keeps Go quirks', () => {
      assert.strictEqual(networkString(parseCidrSloppy('192.168.1.5/24')!), '192.168.1.0/24');
      assert.strictEqual(networkString(parseCidrSloppy('010.001.0.0/16')!), '10.1.0.0/16');
      assert.strictEqual(networkString(parseCidrSloppy('::ffff:10.1.2.3/120')!), '10.1.2.0/24');
      assert.strictEqual(networkString(parseCidrSloppy('2001:DB8:0:0:1::/64')!), '2001:db8::/64');
      assert.strictEqual(networkString(parseCidrSloppy('1:0:0:1:0:0:0:1/128')!), '1:0:0:1::1/128');
      assert.strictEqual(parseCidrSloppy('10.0.0.0/8/8'), null);
      assert.strictEqual(parseCidrSloppy('fe80::1%eth0/64'), null);
    });

    it('strict checks apply only the first failure', () => {
      assert.strictEqual(strictCidrError('10.0.0.0/8'), undefined);
      assert.strictEqual(strictCidrError('10.0.0.00/8'), 'must not have leading 0s in IP or prefix length');
      assert.strictEqual(strictCidrError('10.0.0.0/0'), 'must not have bits set beyond the prefix length');
      assert.strictEqual(strictCidrError('0.0.0.0/0'), undefined);
    });
  });
});
