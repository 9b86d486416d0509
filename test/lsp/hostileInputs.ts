// Generators of hostile editor contents for test/lsp/hostile.test.ts: inputs
// that crash, hang or exhaust naive YAML tooling. Each returns the text plus
// what the test needs to know about it (where the error is expected...).

/** A valid NetworkPolicy (one document), the base of several cases. */
export function validPolicy(name = 'web'): string {
  return [
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata:',
    `  name: ${name}`,
    '  namespace: shop',
    'spec:',
    '  podSelector:',
    '    matchLabels:',
    '      app: web',
    '  policyTypes:',
    '    - Ingress',
    '  ingress:',
    '    - from:',
    '        - podSelector:',
    '            matchLabels:',
    '              app: backend',
    '      ports:',
    '        - protocol: TCP',
    '          port: 8080',
    '',
  ].join('\n');
}

/**
 * Anchors `<prefix>0` .. `<prefix><levels>`, each level a flow sequence of
 * `fanout` aliases of the level below: fully expanded, the top stands for
 * fanout^levels leaves (10^9 for 9 levels of 10). Lines are indented by
 * `indent` and written as keys under a map `holder:` so they fit anywhere.
 */
export function laughLevels(prefix: string, levels: number, fanout: number, leaf: string, indent: string): string[] {
  const lines = [`${indent}${prefix}0: &${prefix}0 ${leaf}`];
  for (let l = 1; l <= levels; l++) {
    const aliases = Array.from({ length: fanout }, () => `*${prefix}${l - 1}`).join(', ');
    lines.push(`${indent}${prefix}${l}: &${prefix}${l} [${aliases}]`);
  }
  return lines;
}

/** Billion laughs at the top level of a document that is no Kubernetes object. */
export function aliasBombTopLevel(levels = 9, fanout = 10): string {
  return [...laughLevels('lol', levels, fanout, '"lol"', ''), `top: *lol${levels}`, ''].join('\n');
}

/**
 * Map-shaped laughs: each level merges (`<<`) `fanout` aliases of the level
 * below, so walking its entries (merges honoured) visits fanout^levels maps.
 */
export function mergeLevels(prefix: string, levels: number, fanout: number, leaf: string, indent: string): string[] {
  const lines = [`${indent}${prefix}0: &${prefix}0 ${leaf}`];
  for (let l = 1; l <= levels; l++) {
    const aliases = Array.from({ length: fanout }, () => `*${prefix}${l - 1}`).join(', ');
    lines.push(`${indent}${prefix}${l}: &${prefix}${l} {<<: [${aliases}], l${l}: x}`);
  }
  return lines;
}

/** Where `aliasBombPolicy` puts its bombs: the fields the model walks. */
export type BombSite = 'labels' | 'matchLabels' | 'matchExpressions' | 'ingress' | 'egress' | 'all';

/**
 * A NetworkPolicy with alias bombs in the fields the model reads: metadata
 * labels and matchLabels (merge bombs), matchExpressions values (sequence
 * bomb), ingress rules (`ingress: *r9`, lists of lists of rules) and egress
 * rules (`egress: [*q9, ...]`, each rule merging ten rules merging ten...).
 * The anchor ladders hang under a top-level `x-anchors` key, after `padding`
 * plain entries (a big document makes each naive alias lookup slower).
 */
export function aliasBombPolicy(site: BombSite, levels = 9, fanout = 10, padding = 0): string {
  const on = (s: BombSite) => site === s || site === 'all';
  const rule = '{from: [{podSelector: {matchLabels: {app: api}}}], to: [{ipBlock: {cidr: 10.0.0.0/8}}], ports: [{port: 80}]}';
  return [
    'x-anchors:',
    ...Array.from({ length: padding }, (_, i) => `  pad${i}: value ${i}`),
    ...laughLevels('v', levels, fanout, 'web', '  '),
    ...mergeLevels('m', levels, fanout, '{app: web}', '  '),
    ...laughLevels('r', levels, fanout, rule, '  '),
    ...mergeLevels('q', levels, fanout, rule, '  '),
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata:',
    '  name: bomb',
    '  namespace: shop',
    on('labels') ? `  labels: *m${levels}` : '  labels: {app: web}',
    'spec:',
    '  podSelector:',
    on('matchLabels') ? `    matchLabels: *m${levels}` : '    matchLabels: {app: web}',
    '    matchExpressions:',
    '      - key: app',
    '        operator: In',
    on('matchExpressions') ? `        values: *v${levels}` : '        values: [web]',
    '  policyTypes: [Ingress, Egress]',
    on('ingress') ? `  ingress: *r${levels}` : '  ingress: []',
    on('egress') ? `  egress: [${Array.from({ length: fanout }, () => `*q${levels}`).join(', ')}]` : '  egress: []',
    '',
  ].join('\n');
}

/** `a:` nested `depth` levels in block style, `step` spaces per level (quadratic size: keep depth modest). */
export function deepBlockMap(depth: number, step = 2): string {
  const parts: string[] = [];
  for (let i = 0; i < depth; i++) parts.push(`${' '.repeat(step * i)}a:\n`);
  parts.push(`${' '.repeat(step * depth)}x\n`);
  return parts.join('');
}

/** `- - - - ... x`: block sequences nested `depth` deep on one line (linear size). */
export function deepBlockSeq(depth: number): string {
  return `${'- '.repeat(depth)}x\n`;
}

/** `- - - [[[ ... ]]]`: block sequences holding flow sequences. */
export function deepMixed(block: number, flow: number): string {
  return `${'- '.repeat(block)}${'['.repeat(flow)}${']'.repeat(flow)}\n`;
}

/** `[[[[ ... ]]]]` nested `depth` deep, as the value of a key. */
export function deepFlow(depth: number): string {
  return `kind: NetworkPolicy\nspec: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
}

/** About `bytes` UTF-16 units of valid NetworkPolicy documents, `---` separated. */
export function manyDocuments(bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const doc = `---\n${validPolicy(`p${i}`)}`;
    parts.push(doc);
    size += doc.length;
  }
  return parts.join('');
}

/** Deterministic pseudo-random bytes (xorshift), with NULs guaranteed. */
export function randomBytes(length: number, seed = 42): Buffer {
  const out = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  for (let i = 0; i < length; i += 97) out[i] = 0;
  return out;
}

/** Random bytes with no NUL: only the control-character ratio can give them away. */
export function randomBytesNoNul(length: number, seed = 7): Buffer {
  const out = randomBytes(length, seed);
  for (let i = 0; i < length; i++) if (out[i] === 0) out[i] = 1;
  return out;
}

/** A Helm template: `{{ }}` values, `{{- if }}` control lines, a range. */
export function helmTemplate(): string {
  return [
    '{{- if .Values.networkPolicy.enabled }}',
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata:',
    '  name: {{ include "chart.fullname" . }}',
    '  labels:',
    '    {{- include "chart.labels" . | nindent 4 }}',
    'spec:',
    '  podSelector:',
    '    matchLabels:',
    '      {{- include "chart.selectorLabels" . | nindent 6 }}',
    '  ingress:',
    '    {{- range .Values.networkPolicy.ingress }}',
    '    - from: {{ toYaml .from | nindent 8 }}',
    '    {{- end }}',
    '{{- end }}',
    '',
  ].join('\n');
}

/** Only `{{-` control lines around otherwise plain (and broken) YAML: the `templates/` path gives it away. */
export function helmControlOnly(): string {
  return ['{{- if .Values.enabled }}', 'kind: NetworkPolicy', 'metadata:', '  name: a: b', '{{- end }}', ''].join('\n');
}

/** The prefixes of `text` ending at each line break (and the whole text): a policy being typed line by line. */
export function linePrefixes(text: string): string[] {
  const out: string[] = [];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) out.push(text.slice(0, i + 1));
  if (!text.endsWith('\n')) out.push(text);
  return out;
}

// ---- the inputs of the "hostile and large inputs" issue ----------------

/** A Deployment-free Pod with labels, the target of several policies below. */
export function pod(name: string, labels: Record<string, string>, ns = 'shop'): string {
  return ['apiVersion: v1', 'kind: Pod', 'metadata:', `  name: ${name}`, `  namespace: ${ns}`, '  labels:', ...Object.entries(labels).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`), 'spec:', '  containers:', '    - name: main', '      image: nginx', ''].join('\n');
}

/** One matchLabels holding the same key `count` times (each with its own value). */
export function duplicateKeysMatchLabels(count: number): string {
  const lines = validPolicy('dupes').split('\n');
  const at = lines.indexOf('      app: web');
  lines.splice(at, 1, ...Array.from({ length: count }, (_, i) => `      app: web-${i}`));
  return lines.join('\n');
}

/** A policy of about `lines` lines holding `ports` ports (padding: comment lines between the rules). */
export function bigPortsPolicy(lines: number, ports: number): string {
  const head = validPolicy('many-ports').split('\n').slice(0, 16);
  const out = [...head, '      ports:'];
  for (let i = 0; i < ports; i++) out.push(`        - port: ${1 + (i % 65535)}`, '          protocol: TCP');
  while (out.length < lines - 1) out.push('#');
  out.push('');
  return out.join('\n');
}

/** About `bytes` of a PrometheusRule-like file: `{{ $labels }}` in values (no Helm), many blank lines. */
export function prometheusLabels(bytes: number): string {
  const out = ['apiVersion: monitoring.coreos.com/v1', 'kind: PrometheusRule', 'metadata:', '  name: alerts', '  namespace: shop', 'spec:', '  groups:', '    - name: g', '      rules:'];
  let size = out.join('\n').length;
  for (let i = 0; size < bytes; i++) {
    const rule = [`        - alert: Down${i}`, '          expr: up == 0', '          annotations:', `            summary: "{{ $labels.instance }} of {{ $labels.job }} is down"`, '', '', '', '', '', '', '', ''];
    out.push(...rule);
    size += rule.join('\n').length + 1;
  }
  out.push('');
  return out.join('\n');
}

/** Pod labels reached through `depth` anchors, each merging (`<<`) the one before: labels app=web, l1..l<depth-1>=v. */
export function nestedMerges(depth: number): string {
  const out = ['x-chain:', '  m0: &m0 {app: web}'];
  for (let i = 1; i < depth; i++) out.push(`  m${i}: &m${i} {<<: *m${i - 1}, l${i}: v}`);
  out.push('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: chained', '  namespace: shop', `  labels: *m${depth - 1}`, 'spec:', '  containers: [{name: main, image: nginx}]', '');
  return out.join('\n');
}

/** `labels: &self {<<: *self}`: a map merging itself. */
export function selfMerge(): string {
  return ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: self', '  namespace: shop', '  labels: &self {<<: *self, app: web}', 'spec:', '  containers: [{name: main, image: nginx}]', ''].join('\n');
}

/** A List of `count` Pods, each merging a shared metadata base and a shared label set. */
export function podListWithMerges(count: number): string {
  const out = ['apiVersion: v1', 'kind: List', 'items:'];
  for (let i = 0; i < count; i++) {
    if (i === 0) out.push('  - &pod', '    apiVersion: v1', '    kind: Pod', '    metadata: &meta', '      name: p0', '      namespace: shop', '      labels: &labels {app: web, tier: front}', '    spec: {containers: [{name: main, image: nginx}]}');
    else out.push('  - <<: *pod', '    metadata:', '      <<: *meta', `      name: p${i}`, '      labels: {<<: *labels, n: "x"}');
  }
  out.push('');
  return out.join('\n');
}

/** A Pod and a policy whose label values are `length` characters long (over the 63 allowed). */
export function longLabelValues(length: number): string {
  const v = 'a'.repeat(length);
  return [pod('long', { app: v }), '---', validPolicy('long').replace('      app: web', `      app: ${v}`)].join('\n');
}

/** A policy with a run of `spaces` spaces inside one line (before a comment). */
export function spaceRun(spaces: number): string {
  return validPolicy('spaces').replace('  name: spaces', `  name: spaces${' '.repeat(spaces)}# comment`);
}

/** The valid policy with an error (port 99999) and `eol` as every line break. */
export function policyWithEol(eol: string): string {
  return validPolicy().replace('port: 8080', 'port: 99999').replace(/\n/g, eol);
}

/** One line of about `length` characters: a flow sequence of label values. */
export function hugeFlowLine(length: number): string {
  const items: string[] = [];
  for (let size = 0; size < length; size += 5) items.push(`v${items.length % 1000}`);
  return validPolicy('wide').replace('      app: web', `      app: web\n    matchExpressions: [{key: tier, operator: In, values: [${items.join(', ')}]}]`);
}

/** Deterministic pseudo-random integers in [0, n). */
export function seededRandom(seed: number): (n: number) => number {
  let x = seed >>> 0 || 1;
  return (n) => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x % n;
  };
}

/** Snippets random edits insert: YAML punctuation, anchors, merges, line breaks of every kind. */
export const EDIT_SNIPPETS = ['\n', '\r\n', '\r', '  ', ': ', '- ', '<<: ', '*a', '&a ', '{', '}', '[', ']', '"', "'", '#', '---\n', '\t', '\uFEFF', '😀', 'é', 'x', '{{ $labels }}', '0x', '99999'];
