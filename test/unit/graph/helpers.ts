// Shared by the graph tests: matrices loaded the way the CLI loads them,
// generated workspaces, golden files, and a small well-formedness check for
// the SVG (no XML library in the dependencies).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { loadWorkspaceSerially } from '../../../server/src/cli/workspace';
import { computeMatrix, ConnectivityMatrix } from '../../../server/src/core/policy/engine';
import { inputFromYaml } from '../engine/helpers';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const GOLDEN_DIR = path.join(REPO_ROOT, 'test', 'unit', 'graph', 'golden');

/** The matrix `netpol matrix PATH` computes, with its cluster-model descriptions. */
export function matrixOfPaths(paths: string[]): { matrix: ConnectivityMatrix; clusterOf: (id: string) => string | undefined } {
  const ws = loadWorkspaceSerially(paths, { cwd: REPO_ROOT, err: () => undefined, clusterWorkloads: 'referenced' });
  return { matrix: computeMatrix(ws.input, { outside: 'any' }), clusterOf: (id) => ws.cluster.get(id) };
}

export function matrixOfYaml(files: Record<string, string>): ConnectivityMatrix {
  return computeMatrix(inputFromYaml(files), { outside: 'any' });
}

/** Compares with test/unit/graph/golden/NAME; UPDATE_GOLDEN=1 rewrites it instead. */
export function assertGolden(name: string, actual: string): void {
  const file = path.join(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    fs.mkdirSync(GOLDEN_DIR, { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  assert.ok(fs.existsSync(file), `golden file ${name} is missing: run with UPDATE_GOLDEN=1`);
  assert.strictEqual(actual, fs.readFileSync(file, 'utf8'), `${name} differs from its golden file (UPDATE_GOLDEN=1 rewrites it after review)`);
}

export function readGolden(name: string): string {
  return fs.readFileSync(path.join(GOLDEN_DIR, name), 'utf8');
}

export const deployment = (name: string, namespace: string, labels: Record<string, string>) =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${JSON.stringify(name)}`,
    `  namespace: ${JSON.stringify(namespace)}`,
    'spec:',
    '  template:',
    '    metadata:',
    `      labels: {${Object.entries(labels).map(([k, v]) => `${k}: ${v}`).join(', ')}}`,
    '    spec:',
    '      containers:',
    '        - name: c',
    '',
  ].join('\n');

/**
 * `namespaces` x `perNamespace` workloads (app=wN, tier=t0|t1|t2); in each
 * namespace a policy isolates tier t0 for ingress and lets in tier t1 of the
 * same namespace on TCP 80, and every pod of ns0 on UDP 53.
 */
export function generatedYaml(namespaces: number, perNamespace: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let n = 0; n < namespaces; n++) {
    const ns = `ns${n}`;
    const docs = [`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n`];
    for (let i = 0; i < perNamespace; i++) docs.push(deployment(`w${i}`, ns, { app: `w${i}`, tier: `t${i % 3}` }));
    docs.push(
      [
        'apiVersion: networking.k8s.io/v1',
        'kind: NetworkPolicy',
        'metadata:',
        '  name: t0-in',
        `  namespace: ${ns}`,
        'spec:',
        '  podSelector: {matchLabels: {tier: t0}}',
        '  policyTypes: [Ingress]',
        '  ingress:',
        '    - from: [{podSelector: {matchLabels: {tier: t1}}}]',
        '      ports: [{protocol: TCP, port: 80}]',
        '    - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ns0}}}]',
        '      ports: [{protocol: UDP, port: 53}]',
        '',
      ].join('\n'),
    );
    files[`${ns}.yaml`] = docs.join('---\n');
  }
  return files;
}

/**
 * Throws unless `xml` is well-formed: one root, balanced tags, quoted
 * attributes without `<`, no bare `&`, nothing but a declaration before the
 * root. Enough to catch an unescaped name; not a validating parser.
 */
export function assertWellFormedXml(xml: string): void {
  const entity = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/y;
  const checkText = (text: string, where: string) => {
    for (let i = text.indexOf('&'); i >= 0; i = text.indexOf('&', i + 1)) {
      entity.lastIndex = i;
      assert.ok(entity.test(text), `bare & in ${where}: ${text.slice(i, i + 20)}`);
    }
    assert.ok(!text.includes('<'), `< in ${where}`);
  };
  const stack: string[] = [];
  let roots = 0;
  let i = 0;
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const token = /<!--[\s\S]*?-->|<\/([A-Za-z][\w:.-]*)\s*>|<([A-Za-z][\w:.-]*)((?:\s+[A-Za-z_:][\w:.-]*\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;
  while (i < body.length) {
    const lt = body.indexOf('<', i);
    const text = body.slice(i, lt < 0 ? body.length : lt);
    if (stack.length === 0) assert.ok(text.trim() === '', `text outside the root: ${text.slice(0, 40)}`);
    else checkText(text, `text of <${stack[stack.length - 1]}>`);
    if (lt < 0) break;
    token.lastIndex = lt;
    const m = token.exec(body);
    assert.ok(m, `malformed markup at ${lt}: ${body.slice(lt, lt + 60)}`);
    if (m[1]) {
      assert.strictEqual(stack.pop(), m[1], `</${m[1]}> closes the wrong element`);
    } else if (m[2]) {
      if (stack.length === 0) roots++;
      const names: string[] = [];
      for (const a of m[3].matchAll(/\s+([A-Za-z_:][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
        names.push(a[1]);
        checkText(a[2] ?? a[3], `attribute ${a[1]} of <${m[2]}>`);
      }
      assert.strictEqual(new Set(names).size, names.length, `duplicate attribute in <${m[2]}>`);
      if (!m[4]) stack.push(m[2]);
    }
    i = token.lastIndex;
  }
  assert.deepStrictEqual(stack, [], 'unclosed elements');
  assert.strictEqual(roots, 1, 'exactly one root element');
}

/** Mermaid's blocks balance: every `subgraph` has its `end`, at the top level. */
export function assertMermaidStructure(text: string): void {
  const lines = text.trimEnd().split('\n');
  assert.strictEqual(lines[0], 'flowchart LR');
  let depth = 0;
  for (const line of lines.slice(1)) {
    if (/^\s*subgraph\s/.test(line)) depth++;
    else if (line.trim() === 'end') depth--;
    assert.ok(depth >= 0 && depth <= 1, `unbalanced at: ${line}`);
    // A quote inside a label would end it early: labels are entity-escaped.
    for (const label of line.matchAll(/"([^"]*)"/g)) assert.ok(!/[<>]/.test(label[1]), `raw markup in label ${label[1]}`);
    assert.strictEqual((line.match(/"/g) ?? []).length % 2, 0, `odd quotes in: ${line}`);
  }
  assert.strictEqual(depth, 0, 'every subgraph ends');
}
