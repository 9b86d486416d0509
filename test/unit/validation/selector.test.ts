import * as assert from 'assert';
import { assertFindings, assertValid, findingsOf, LABEL_NAME_REGEX_MSG, LABEL_VALUE_MSG, policy, SUBDOMAIN_MSG } from './helpers';

const expr = (e: string): string => policy(`  podSelector:\n    matchExpressions:\n    - ${e}\n`);

describe('validation: label selectors', () => {
  describe('netpol/invalid-label-key', () => {
    it('accepts valid keys in matchLabels and matchExpressions', () => {
      assertValid(policy(`  podSelector:
    matchLabels: {app.kubernetes.io/name: web, "123-abc": x}
    matchExpressions:
    - {key: example.com/My_Key.1, operator: Exists}
`));
    });

    it('reports the prefix and name parts separately', () => {
      const text = policy('  podSelector:\n    matchLabels:\n      Example_com/-x: "1"\n');
      assertFindings(text, findingsOf(text), [
        { ruleId: 'netpol/invalid-label-key', message: `spec.podSelector.matchLabels: Invalid value: "Example_com/-x": prefix part ${SUBDOMAIN_MSG}`, covers: 'Example_com/-x' },
        { ruleId: 'netpol/invalid-label-key', message: `spec.podSelector.matchLabels: Invalid value: "Example_com/-x": name part ${LABEL_NAME_REGEX_MSG}`, covers: 'Example_com/-x' },
      ]);
    });

    it('reports an empty prefix, an empty name and a long name', () => {
      const long = 'n'.repeat(64);
      const text = policy(`  podSelector:\n    matchLabels: {/app: a, "example.com/": b, ${long}: c}\n`);
      assert.deepStrictEqual(
        findingsOf(text).map((f) => f.message),
        [
          'spec.podSelector.matchLabels: Invalid value: "/app": prefix part must be non-empty',
          'spec.podSelector.matchLabels: Invalid value: "example.com/": name part must be non-empty',
          `spec.podSelector.matchLabels: Invalid value: "example.com/": name part ${LABEL_NAME_REGEX_MSG}`,
          `spec.podSelector.matchLabels: Invalid value: "${long}": name part must be no more than 63 bytes`,
        ],
      );
    });

    it('reports a key with two slashes as one error', () => {
      const text = expr('{key: a/b/c, operator: Exists}');
      assertFindings(text, findingsOf(text), [
        {
          ruleId: 'netpol/invalid-label-key',
          message: `spec.podSelector.matchExpressions[0].key: Invalid value: "a/b/c": a valid label key ${LABEL_NAME_REGEX_MSG} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
          covers: 'a/b/c',
        },
      ]);
    });

    it('reports a missing key as "" on the requirement', () => {
      const text = expr('{operator: Exists}');
      assertFindings(text, findingsOf(text), [
        { ruleId: 'netpol/invalid-label-key', message: 'spec.podSelector.matchExpressions[0].key: Invalid value: "": name part must be non-empty', covers: '{operator: Exists}' },
        { ruleId: 'netpol/invalid-label-key', message: `spec.podSelector.matchExpressions[0].key: Invalid value: "": name part ${LABEL_NAME_REGEX_MSG}`, covers: '{operator: Exists}' },
      ]);
    });
  });

  describe('netpol/invalid-label-value', () => {
    it('accepts empty and 63-character values', () => {
      assertValid(policy(`  podSelector:\n    matchLabels: {a: "", b: ${'v'.repeat(63)}}\n    matchExpressions:\n    - {key: c, operator: In, values: ["", x.y_z-1]}\n`));
    });

    it('reports a bad matchLabels value in a peer selector', () => {
      const text = policy(`  podSelector: {}
  egress:
  - to:
    - namespaceSelector:
        matchLabels:
          team: "a/b"
`);
      assertFindings(text, findingsOf(text), [
        { ruleId: 'netpol/invalid-label-value', message: `spec.egress[0].to[0].namespaceSelector.matchLabels: Invalid value: "a/b": ${LABEL_VALUE_MSG}`, covers: '"a/b"' },
      ]);
    });

    it('reports each bad value with its index, a long one with both errors', () => {
      const long = 'v'.repeat(63) + '-';
      const text = expr(`key: tier
      operator: NotIn
      values:
      - ok
      - -bad
      - ${long}`);
      assertFindings(text, findingsOf(text), [
        { ruleId: 'netpol/invalid-label-value', message: `spec.podSelector.matchExpressions[0].values[1]: Invalid value: "-bad": ${LABEL_VALUE_MSG}`, covers: '-bad' },
        { ruleId: 'netpol/invalid-label-value', message: `spec.podSelector.matchExpressions[0].values[2]: Invalid value: "${long}": must be no more than 63 bytes`, covers: long },
        { ruleId: 'netpol/invalid-label-value', message: `spec.podSelector.matchExpressions[0].values[2]: Invalid value: "${long}": ${LABEL_VALUE_MSG}`, covers: long },
      ]);
    });
  });

  describe('netpol/invalid-selector-operator', () => {
    it('accepts the four operators', () => {
      assertValid(policy(`  podSelector:
    matchExpressions:
    - {key: a, operator: In, values: [x]}
    - {key: b, operator: NotIn, values: [x]}
    - {key: c, operator: Exists}
    - {key: d, operator: DoesNotExist}
`));
    });

    it('reports a lower-case operator on its value', () => {
      const text = expr('{key: app, operator: in, values: [web]}');
      assertFindings(text, findingsOf(text), [
        { ruleId: 'netpol/invalid-selector-operator', message: 'spec.podSelector.matchExpressions[0].operator: Invalid value: "in": not a valid selector operator', covers: 'in' },
      ]);
    });

    it('reports a missing operator as "" on the requirement, before the key errors', () => {
      const text = expr('key: -app');
      assertFindings(text, findingsOf(text), [
        { ruleId: 'netpol/invalid-selector-operator', message: 'spec.podSelector.matchExpressions[0].operator: Invalid value: "": not a valid selector operator', covers: 'key: -app' },
        { ruleId: 'netpol/invalid-label-key', message: `spec.podSelector.matchExpressions[0].key: Invalid value: "-app": name part ${LABEL_NAME_REGEX_MSG}`, covers: '-app' },
      ]);
    });
  });

  describe('netpol/selector-values-required', () => {
    it('accepts In with a value, even a null one (it decodes as "")', () => {
      assertValid(expr('{key: app, operator: In, values: [null]}'));
    });

    it('reports In without values on the requirement', () => {
      const text = expr('{key: app, operator: In}');
      assertFindings(text, findingsOf(text), [
        {
          ruleId: 'netpol/selector-values-required',
          message: "spec.podSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
          covers: '{key: app, operator: In}',
        },
      ]);
    });

    it('reports NotIn with an empty list on the list', () => {
      const text = policy(`  podSelector: {}
  ingress:
  - from:
    - podSelector:
        matchExpressions:
        - key: app
          operator: NotIn
          values: []
`);
      assertFindings(text, findingsOf(text), [
        {
          ruleId: 'netpol/selector-values-required',
          message: "spec.ingress[0].from[0].podSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
          covers: '[]',
        },
      ]);
    });
  });

  describe('netpol/selector-values-forbidden', () => {
    it('accepts Exists with an empty values list', () => {
      assertValid(expr('{key: app, operator: Exists, values: []}'));
    });

    it('reports DoesNotExist with values on the list', () => {
      const text = expr('{key: app, operator: DoesNotExist, values: [web]}');
      assertFindings(text, findingsOf(text), [
        {
          ruleId: 'netpol/selector-values-forbidden',
          message: "spec.podSelector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
          covers: '[web]',
        },
      ]);
    });

    it('still checks each value after the forbidden error', () => {
      const text = expr('{key: app, operator: Exists, values: [-x]}');
      assert.deepStrictEqual(
        findingsOf(text).map((f) => f.ruleId),
        ['netpol/selector-values-forbidden', 'netpol/invalid-label-value'],
      );
    });
  });
});
