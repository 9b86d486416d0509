// Shared helpers for the validation tests: run the per-file pipeline on a
// string and look at findings by rule id, message, and the text they cover.
import * as assert from 'assert';
import { analyzeText } from '../../../server/src/core/analyze';
import type { Finding } from '../../../server/src/core/findings';
import { LineIndex, Position } from '../../../server/src/core/yaml/lineIndex';

export function findingsOf(text: string, options: { strictCidr?: boolean } = {}): Finding[] {
  return analyzeText(text, options).findings;
}

/** The findings of one rule. */
export function ruleFindings(text: string, ruleId: string, options: { strictCidr?: boolean } = {}): Finding[] {
  return findingsOf(text, options).filter((f) => f.ruleId === ruleId);
}

/** The text a finding's range covers. */
export function covered(text: string, f: Finding): string {
  return text.slice(f.range.start, f.range.end);
}

export function startOf(text: string, f: Finding): Position {
  return new LineIndex(text).positionAt(f.range.start);
}

export interface Expected {
  ruleId: string;
  message: string;
  /** The exact text under the range. */
  covers: string;
  /** 0-based line of the range start, when the covered text is not unique. */
  line?: number;
  severity?: Finding['severity'];
}

/** Asserts the findings, in order, one for one. */
export function assertFindings(text: string, actual: Finding[], expected: Expected[]): void {
  const show = (fs: Finding[]): string => fs.map((f) => `${f.ruleId} ${f.message} @${JSON.stringify(covered(text, f))}`).join('\n');
  assert.strictEqual(actual.length, expected.length, `expected ${expected.length} findings, got:\n${show(actual)}`);
  expected.forEach((e, i) => {
    const f = actual[i];
    assert.strictEqual(f.ruleId, e.ruleId, `finding ${i} rule id`);
    assert.strictEqual(f.message, e.message, `finding ${i} message`);
    assert.strictEqual(covered(text, f), e.covers, `finding ${i} range`);
    if (e.line !== undefined) assert.strictEqual(startOf(text, f).line, e.line, `finding ${i} line`);
    assert.strictEqual(f.severity, e.severity ?? 'error', `finding ${i} severity`);
  });
}

/** Asserts the text has no findings at all (a valid policy). */
export function assertValid(text: string, options: { strictCidr?: boolean } = {}): void {
  const fs = findingsOf(text, options);
  assert.deepStrictEqual(
    fs.map((f) => `${f.ruleId} ${f.message}`),
    [],
  );
}

/** A NetworkPolicy with the given spec body (indented under `spec:`) and metadata lines. */
export function policy(spec: string, metadata = '  name: test\n  namespace: default\n'): string {
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n${metadata}spec:\n${spec}`;
}

/** The API server's regex messages, spelled out once. */
export const LABEL_NAME_REGEX_MSG =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
export const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
export const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
export const DNS_LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
export const CIDR_MSG = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';
