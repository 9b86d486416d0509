import * as assert from 'assert';
import { assertFindings, assertValid, DNS_LABEL_MSG, findingsOf, LABEL_NAME_REGEX_MSG, LABEL_VALUE_MSG, policy, ruleFindings, SUBDOMAIN_MSG } from './helpers';

const SPEC = '  podSelector: {}\n';

describe('validation: metadata', () => {
  describe('netpol/invalid-name', () => {
    it('accepts DNS-1123 subdomains, up to 253 characters', () => {
      assertValid(policy(SPEC, '  name: allow-web.v2\n'));
      assertValid(policy(SPEC, `  name: ${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}\n`));
    });

    it('reports an upper-case name on its value', () => {
      const text = policy(SPEC, '  name: Allow_Web\n');
      assertFindings(text, findingsOf(text), [{ ruleId: 'netpol/invalid-name', message: `metadata.name: Invalid value: "Allow_Web": ${SUBDOMAIN_MSG}`, covers: 'Allow_Web', line: 3 }]);
    });

    it('reports a name over 253 bytes with both errors, length first', () => {
      const name = 'a'.repeat(250) + '-.x-';
      const text = policy(SPEC, `  name: ${name}\n`);
      assert.deepStrictEqual(
        findingsOf(text).map((f) => f.message),
        [`metadata.name: Invalid value: "${name}": must be no more than 253 bytes`, `metadata.name: Invalid value: "${name}": ${SUBDOMAIN_MSG}`],
      );
    });

    it('requires a name, on the metadata key', () => {
      const text = policy(SPEC, '  namespace: shop\n');
      assertFindings(text, findingsOf(text), [{ ruleId: 'netpol/invalid-name', message: 'metadata.name: Required value: name or generateName is required', covers: 'metadata' }]);
    });

    it('requires a name when it is empty, on the empty value', () => {
      const text = policy(SPEC, '  name: ""\n');
      assertFindings(text, findingsOf(text), [{ ruleId: 'netpol/invalid-name', message: 'metadata.name: Required value: name or generateName is required', covers: '""' }]);
    });

    it('accepts generateName without name, and a trailing dash in it', () => {
      assertValid(policy(SPEC, '  generateName: allow-web-\n'));
    });

    it('reports an invalid generateName', () => {
      const text = policy(SPEC, '  generateName: Web-\n');
      assertFindings(text, findingsOf(text), [
        // The trailing dash is masked as the API server does ("Web-" is checked as "Wea").
        { ruleId: 'netpol/invalid-name', message: `metadata.generateName: Invalid value: "Web-": ${SUBDOMAIN_MSG}`, covers: 'Web-' },
      ]);
    });

    it('reports a policy without metadata on its kind', () => {
      const text = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nspec:\n  podSelector: {}\n';
      assertFindings(text, findingsOf(text), [{ ruleId: 'netpol/invalid-name', message: 'metadata.name: Required value: name or generateName is required', covers: 'NetworkPolicy' }]);
    });
  });

  describe('netpol/invalid-namespace', () => {
    it('accepts a DNS-1123 label, and no namespace at all', () => {
      assertValid(policy(SPEC, '  name: a\n  namespace: team-1\n'));
      assertValid(policy(SPEC, '  name: a\n'));
    });

    it('reports dots in a namespace with the short message', () => {
      const text = policy(SPEC, '  name: a\n  namespace: team.one\n');
      assertFindings(text, findingsOf(text), [{ ruleId: 'netpol/invalid-namespace', message: 'metadata.namespace: Invalid value: "team.one": must not contain dots', covers: 'team.one' }]);
    });

    it('reports other mistakes with the regex message, and length first', () => {
      const long = 'Team-' + 'x'.repeat(60);
      const text = policy(SPEC, `  name: a\n  namespace: ${long}\n`);
      assert.deepStrictEqual(
        ruleFindings(text, 'netpol/invalid-namespace').map((f) => f.message),
        [`metadata.namespace: Invalid value: "${long}": must be no more than 63 bytes`, `metadata.namespace: Invalid value: "${long}": ${DNS_LABEL_MSG}`],
      );
    });
  });

  describe('metadata.labels (netpol/invalid-label-key, netpol/invalid-label-value)', () => {
    it('accepts prefixed keys, empty values and 63-character parts', () => {
      assertValid(policy(SPEC, `  name: a\n  labels:\n    app.kubernetes.io/name: web\n    empty: ""\n    ${'k'.repeat(63)}: ${'v'.repeat(63)}\n`));
    });

    it('reports a bad key on the key and a bad value on the value, at the map path', () => {
      const text = policy(SPEC, '  name: a\n  labels:\n    -app: web\n    tier: front end\n');
      assertFindings(text, findingsOf(text), [
        { ruleId: 'netpol/invalid-label-key', message: `metadata.labels: Invalid value: "-app": name part ${LABEL_NAME_REGEX_MSG}`, covers: '-app' },
        { ruleId: 'netpol/invalid-label-value', message: `metadata.labels: Invalid value: "front end": ${LABEL_VALUE_MSG}`, covers: 'front end' },
      ]);
    });
  });

  describe('lengths count UTF-8 bytes, as Go does', () => {
    it('reports 16 emoji (64 bytes) as too long, with the value kept as written', () => {
      const value = '🙂'.repeat(16);
      const text = policy(SPEC, `  name: a\n  labels:\n    mood: ${value}\n`);
      assertFindings(text, findingsOf(text), [
        { ruleId: 'netpol/invalid-label-value', message: `metadata.labels: Invalid value: "${value}": must be no more than 63 bytes`, covers: value },
        { ruleId: 'netpol/invalid-label-value', message: `metadata.labels: Invalid value: "${value}": ${LABEL_VALUE_MSG}`, covers: value },
      ]);
    });

    it('quotes control characters as Go does', () => {
      const text = policy(SPEC, '  name: "a\\tb"\n');
      assert.deepStrictEqual(
        findingsOf(text).map((f) => f.message),
        [`metadata.name: Invalid value: "a\\tb": ${SUBDOMAIN_MSG}`],
      );
    });
  });

  describe('netpol/invalid-annotation-key', () => {
    it('accepts upper case in annotation keys', () => {
      assertValid(policy(SPEC, '  name: a\n  annotations:\n    Example.com/Owner: "Team A"\n'));
    });

    it('reports an empty prefix', () => {
      const text = policy(SPEC, '  name: a\n  annotations:\n    /owner: team-a\n');
      assertFindings(text, findingsOf(text), [{ ruleId: 'netpol/invalid-annotation-key', message: 'metadata.annotations: Invalid value: "/owner": prefix part must be non-empty', covers: '/owner' }]);
    });
  });

  describe('netpol/annotations-too-long', () => {
    it('accepts 256 KiB of annotations', () => {
      assertValid(policy(SPEC, `  name: a\n  annotations:\n    k: ${'x'.repeat(256 * 1024 - 1)}\n`));
    });

    it('reports more than 256 KiB on the annotations key', () => {
      const text = policy(SPEC, `  name: a\n  annotations:\n    k: ${'x'.repeat(256 * 1024)}\n`);
      assertFindings(text, findingsOf(text), [{ ruleId: 'netpol/annotations-too-long', message: 'metadata.annotations: Too long: must have at most 262144 bytes', covers: 'annotations' }]);
    });
  });
});
