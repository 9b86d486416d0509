// `.netpol.yaml` text -> NetpolConfig plus findings with exact offsets.
// Never throws. Read as YAML 1.2, as the editors' YAML extension and the JSON
// Schema see it (so `off` is a string, not YAML 1.1's false). Each field is
// checked on its own: a wrong value is reported and left out, and the rest of
// the file still applies.
import { isAlias, isMap, isScalar, isSeq, Node, Pair, YAMLMap } from 'yaml';
import { finding, Finding, OffsetRange, Severity } from '../findings';
import type { ClusterConfig, ClusterDns, ClusterNamespace, ClusterPort, ClusterWorkload, DnsPreset, LabelMap } from '../cluster/types';
import { DNS_PRESET_NAMES, isDnsPreset } from '../cluster/presets';
import { formatValue, invalid, notSupported, required } from '../policy/validation/goFormat';
import { isDNS1123Label, isDNS1123Subdomain, isLabelKey, isLabelValue, isValidPortName } from '../policy/validation/names';
import { nearness } from '../policy/suggest';
import { qualifyRuleId } from '../suppressions';
import { LineIndex } from '../yaml/lineIndex';
import { parseYamlFile } from '../yaml/parse';
import type { NetpolConfig, RuleLevel } from './types';

export const INVALID_CONFIG = 'netpol/invalid-config';

export const RULE_LEVELS: readonly RuleLevel[] = ['error', 'warning', 'information', 'hint', 'off'];
export const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Pod', 'Job', 'CronJob'] as const;

export const TOP_LEVEL_FIELDS = ['rules', 'exclude', 'defaultNamespace', 'strictCidr', 'cluster'] as const;
const CLUSTER_FIELDS = ['namespaces', 'extraNamespaces', 'dns', 'workloads'];
const NAMESPACE_FIELDS = ['name', 'labels'];
const WORKLOAD_FIELDS = ['name', 'namespace', 'kind', 'labels', 'ports', 'description'];
const DNS_FIELDS = ['namespace', 'labels', 'ports', 'ip', 'workloadName', 'workloadKind'];
const PORT_FIELDS = ['name', 'port', 'protocol'];

export interface ConfigParseOptions {
  /** Rule ids the tools know (qualified); an unknown id in `rules:` is a warning with a suggestion. */
  knownRuleIds?: readonly string[];
}

export interface ConfigParseResult {
  config: NetpolConfig;
  /** Offsets into `text`. */
  findings: Finding[];
  /** False when nothing could be read (YAML syntax errors, not a mapping, a skipped file): the defaults apply. */
  usable: boolean;
  text: string;
  lines: LineIndex;
}

export function parseConfig(text: string, options: ConfigParseOptions = {}): ConfigParseResult {
  const lines = new LineIndex(text);
  try {
    return { ...readConfig(text, options), text, lines };
  } catch (e) {
    // A bug here must not take the CLI or the server down: the defaults apply.
    const f = finding(INVALID_CONFIG, 'error', `the config could not be read: ${(e as Error).message}`, { start: 0, end: Math.min(1, text.length) });
    return { config: {}, findings: [f], usable: false, text, lines };
  }
}

function readConfig(text: string, options: ConfigParseOptions): { config: NetpolConfig; findings: Finding[]; usable: boolean } {
  const parsed = parseYamlFile(text, { version: '1.2', maxLength: 1024 * 1024 });
  const findings = [...parsed.findings];
  if (parsed.skipped) {
    if (findings.length === 0) findings.push(finding(INVALID_CONFIG, 'error', `the config was not read: ${parsed.skipped.note.replace(/^skipped: /, '')}`, { start: 0, end: Math.min(1, text.length) }));
    return { config: {}, findings, usable: false };
  }
  const docs = parsed.documents;
  if (docs.some((d) => d.hasErrors)) return { config: {}, findings, usable: false };
  const r = new Reader(text, findings, options);
  for (const extra of docs.slice(1)) {
    if (extra.doc.contents !== null) r.report('warning', `the config file holds ${docs.length} YAML documents; only the first is read`, extra.range);
  }
  const root = docs[0]?.doc.contents ?? null;
  if (root === null || isNull(root)) return { config: {}, findings, usable: true };
  if (!isMap(root)) {
    r.report('error', `the config must be a mapping with the fields ${list(TOP_LEVEL_FIELDS)}`, r.rangeOf(root));
    return { config: {}, findings, usable: false };
  }
  return { config: r.top(root), findings, usable: true };
}

class Reader {
  constructor(
    private readonly text: string,
    private readonly findings: Finding[],
    private readonly options: ConfigParseOptions,
  ) {}

  report(severity: Severity, message: string, range: OffsetRange): void {
    this.findings.push(finding(INVALID_CONFIG, severity, message, range));
  }

  rangeOf(node: Node | null | undefined, fallback: OffsetRange = { start: 0, end: 0 }): OffsetRange {
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (!range) return fallback;
    let [start, end] = range;
    start = Math.max(0, Math.min(start, this.text.length));
    end = Math.max(start, Math.min(end, this.text.length));
    // A block collection's value end includes its trailing line break.
    while (end > start && (this.text[end - 1] === '\n' || this.text[end - 1] === '\r')) end--;
    return { start, end: end === start && start < this.text.length ? start + 1 : end };
  }

  top(map: YAMLMap): NetpolConfig {
    const config: NetpolConfig = {};
    this.fields(map, '', TOP_LEVEL_FIELDS, {
      rules: (v) => (config.rules = this.rules(v)),
      exclude: (v, path) => (config.exclude = this.stringList(v, path)),
      defaultNamespace: (v, path) => (config.defaultNamespace = this.name(v, path, isDNS1123Label)),
      strictCidr: (v, path) => (config.strictCidr = this.bool(v, path)),
      cluster: (v, path) => (config.cluster = this.cluster(v, path)),
    });
    return stripUndefined(config);
  }

  /**
   * Walks the pairs of a mapping: unknown keys are reported with the allowed
   * ones, null values count as absent, and the last of duplicate keys wins
   * (reported), as Kubernetes decodes JSON.
   */
  private fields(map: YAMLMap, path: string, allowed: readonly string[], handlers: Record<string, (value: Node, path: string) => void>): void {
    const seen = new Set<string>();
    for (const pair of map.items as Pair<Node, Node | null>[]) {
      const key = this.keyOf(pair, path);
      if (key === undefined) continue;
      const keyRange = this.rangeOf(pair.key);
      const fieldPath = path === '' ? key : `${path}.${key}`;
      if (key === '<<') {
        this.report('error', `${path === '' ? 'the config' : path}: merge keys (<<) are not read in the config; write the fields out`, keyRange);
        continue;
      }
      if (!allowed.includes(key)) {
        this.report('error', `unknown field ${JSON.stringify(fieldPath)}${didYouMean(key, allowed)}; allowed fields${path === '' ? '' : ` in ${path}`}: ${list(allowed)}`, keyRange);
        continue;
      }
      if (seen.has(key)) this.report('error', `duplicate field ${JSON.stringify(fieldPath)}`, keyRange);
      seen.add(key);
      if (pair.value === null || isNull(pair.value)) continue;
      handlers[key](pair.value, fieldPath);
    }
  }

  private keyOf(pair: Pair<Node, Node | null>, path: string): string | undefined {
    const key = pair.key;
    if (isScalar(key) && typeof key.value === 'string') return key.value;
    // With merge keys on, `yaml` gives `<<` a symbol value.
    if (isScalar(key) && typeof key.value === 'symbol') return '<<';
    this.report('error', `${path === '' ? 'the config' : path}: keys must be strings`, this.rangeOf(key));
    return undefined;
  }

  private rules(node: Node): Record<string, RuleLevel> | undefined {
    if (!this.isMapping(node, 'rules')) return undefined;
    const rules: Record<string, RuleLevel> = {};
    const known = this.options.knownRuleIds;
    for (const pair of node.items as Pair<Node, Node | null>[]) {
      const key = this.keyOf(pair, 'rules');
      if (key === undefined) continue;
      const id = qualifyRuleId(key);
      const path = `rules[${JSON.stringify(key)}]`;
      if (known && !known.includes(id)) {
        const near = bestMatch(id, known);
        this.report('warning', `unknown rule ${JSON.stringify(key)}${near ? ` (did you mean ${JSON.stringify(near)}?)` : ''}; its level is kept for tools that know it`, this.rangeOf(pair.key));
      }
      const value = pair.value;
      if (value === null || isNull(value)) {
        this.report('error', required(path, `one of ${list(RULE_LEVELS)}`), this.rangeOf(pair.key));
        continue;
      }
      const level = isScalar(value) && typeof value.value === 'string' ? value.value : undefined;
      if (level === undefined || !RULE_LEVELS.includes(level as RuleLevel)) {
        const shown = isScalar(value) ? String(value.value) : '';
        this.report('error', `${notSupported(path, isScalar(value) ? scalarValue(value.value) : { goSyntax: kindOf(value) }, RULE_LEVELS)}${didYouMean(shown, RULE_LEVELS)}`, this.rangeOf(value));
        continue;
      }
      rules[id] = level as RuleLevel;
    }
    return rules;
  }

  private cluster(node: Node, path: string): ClusterConfig | undefined {
    if (!this.isMapping(node, path)) return undefined;
    const cluster: ClusterConfig = {};
    this.fields(node, path, CLUSTER_FIELDS, {
      namespaces: (v, p) => (cluster.namespaces = this.namespaces(v, p)),
      extraNamespaces: (v, p) => (cluster.extraNamespaces = this.namespaces(v, p)),
      dns: (v, p) => (cluster.dns = this.dns(v, p)),
      workloads: (v, p) => (cluster.workloads = this.workloads(v, p)),
    });
    return stripUndefined(cluster);
  }

  /** A list of names or of `{name, labels}`. */
  private namespaces(node: Node, path: string): ClusterNamespace[] | undefined {
    return this.list(node, path, (item, p) => {
      if (isScalar(item)) {
        const name = this.name(item, p, isDNS1123Label);
        return name === undefined ? undefined : { name };
      }
      if (!this.isMapping(item, p, 'a namespace name or a mapping with name and labels')) return undefined;
      const ns: Partial<ClusterNamespace> = {};
      let ok = true;
      this.fields(item, p, NAMESPACE_FIELDS, {
        name: (v, q) => (ns.name = this.name(v, q, isDNS1123Label)) ?? (ok = false),
        labels: (v, q) => (ns.labels = this.labels(v, q)),
      });
      if (!this.has(item, 'name')) this.report('error', required(`${p}.name`), this.rangeOf(item));
      return ok && ns.name !== undefined ? (stripUndefined(ns) as ClusterNamespace) : undefined;
    });
  }

  private workloads(node: Node, path: string): ClusterWorkload[] | undefined {
    return this.list(node, path, (item, p) => {
      if (!this.isMapping(item, p)) return undefined;
      const w: Partial<ClusterWorkload> = {};
      let ok = true;
      const fail = () => (ok = false);
      this.fields(item, p, WORKLOAD_FIELDS, {
        name: (v, q) => (w.name = this.name(v, q, isDNS1123Subdomain)) ?? fail(),
        namespace: (v, q) => (w.namespace = this.name(v, q, isDNS1123Label)) ?? fail(),
        kind: (v, q) => (w.kind = this.kind(v, q)),
        labels: (v, q) => (w.labels = this.labels(v, q)),
        ports: (v, q) => (w.ports = this.ports(v, q)),
        description: (v, q) => (w.description = this.string(v, q)),
      });
      for (const field of ['name', 'namespace', 'labels']) {
        if (!this.has(item, field)) {
          this.report('error', required(`${p}.${field}`), this.rangeOf(item));
          ok = false;
        }
      }
      if (!ok || w.name === undefined || w.namespace === undefined || w.labels === undefined) return undefined;
      return stripUndefined(w) as ClusterWorkload;
    });
  }

  private dns(node: Node, path: string): DnsPreset | ClusterDns | undefined {
    if (isScalar(node)) {
      const value = node.value;
      if (isDnsPreset(value)) return value;
      this.report('error', `${notSupported(path, scalarValue(value), DNS_PRESET_NAMES)}${didYouMean(String(value), DNS_PRESET_NAMES)}, or a mapping with ${list(['namespace', 'labels', 'ports', 'workloadName'])}`, this.rangeOf(node));
      return undefined;
    }
    if (!this.isMapping(node, path, `a DNS preset (${list(DNS_PRESET_NAMES)}) or a mapping`)) return undefined;
    const dns: Partial<ClusterDns> = {};
    let ok = true;
    const fail = () => (ok = false);
    this.fields(node, path, DNS_FIELDS, {
      namespace: (v, q) => (dns.namespace = this.name(v, q, isDNS1123Label)) ?? fail(),
      labels: (v, q) => (dns.labels = this.labels(v, q)),
      ports: (v, q) => (dns.ports = this.ports(v, q)),
      ip: (v, q) => (dns.ip = this.ip(v, q)) ?? fail(),
      workloadName: (v, q) => (dns.workloadName = this.name(v, q, isDNS1123Subdomain)) ?? fail(),
      workloadKind: (v, q) => (dns.workloadKind = this.kind(v, q)),
    });
    for (const field of ['namespace', 'labels', 'ports', 'workloadName']) {
      if (!this.has(node, field)) {
        this.report('error', required(`${path}.${field}`), this.rangeOf(node));
        ok = false;
      }
    }
    if (!ok || dns.namespace === undefined || dns.labels === undefined || dns.ports === undefined || dns.workloadName === undefined) return undefined;
    return stripUndefined(dns) as ClusterDns;
  }

  private ports(node: Node, path: string): ClusterPort[] | undefined {
    return this.list(node, path, (item, p) => {
      if (isScalar(item) && typeof item.value === 'number') {
        const port = this.portNumber(item, p);
        return port === undefined ? undefined : { port };
      }
      if (!this.isMapping(item, p, 'a port number or a mapping with port, name and protocol')) return undefined;
      const port: Partial<ClusterPort> = {};
      let ok = true;
      const fail = () => (ok = false);
      this.fields(item, p, PORT_FIELDS, {
        port: (v, q) => (port.port = this.portNumber(v, q)) ?? fail(),
        name: (v, q) => (port.name = this.name(v, q, isValidPortName)) ?? fail(),
        protocol: (v, q) => (port.protocol = this.protocol(v, q)) ?? fail(),
      });
      if (!this.has(item, 'port')) {
        this.report('error', required(`${p}.port`), this.rangeOf(item));
        return undefined;
      }
      return ok && port.port !== undefined ? (stripUndefined(port) as ClusterPort) : undefined;
    });
  }

  private labels(node: Node, path: string): LabelMap | undefined {
    if (!this.isMapping(node, path)) return undefined;
    const labels: LabelMap = {};
    for (const pair of node.items as Pair<Node, Node | null>[]) {
      const key = this.keyOf(pair, path);
      if (key === undefined) continue;
      const keyErrors = isLabelKey(key);
      if (keyErrors.length > 0) {
        this.report('error', keyErrors.map((e) => invalid(path, key, e)).join('; '), this.rangeOf(pair.key));
        continue;
      }
      const value = pair.value;
      const p = `${path}[${JSON.stringify(key)}]`;
      if (value === null || isNull(value)) {
        labels[key] = '';
        continue;
      }
      if (!isScalar(value) || typeof value.value !== 'string') {
        this.report('error', `${invalid(p, isScalar(value) ? scalarValue(value.value) : { goSyntax: kindOf(value) }, 'must be a string')}${isScalar(value) ? ` (quote it: "${String(value.value)}")` : ''}`, this.rangeOf(value));
        continue;
      }
      const valueErrors = isLabelValue(value.value);
      if (valueErrors.length > 0) {
        this.report('error', valueErrors.map((e) => invalid(p, value.value as string, e)).join('; '), this.rangeOf(value));
        continue;
      }
      labels[key] = value.value;
    }
    return labels;
  }

  // ---- scalars ---------------------------------------------------------

  private string(node: Node, path: string): string | undefined {
    if (isScalar(node) && typeof node.value === 'string') return node.value;
    this.report('error', this.typeError(node, path, 'a string'), this.rangeOf(node));
    return undefined;
  }

  private name(node: Node, path: string, validate: (v: string) => string[]): string | undefined {
    const value = this.string(node, path);
    if (value === undefined) return undefined;
    const errors = validate(value);
    if (errors.length === 0) return value;
    this.report('error', errors.map((e) => invalid(path, value, e)).join('; '), this.rangeOf(node));
    return undefined;
  }

  private bool(node: Node, path: string): boolean | undefined {
    if (isScalar(node) && typeof node.value === 'boolean') return node.value;
    const yaml11 = isScalar(node) && typeof node.value === 'string' && /^(yes|no|on|off|y|n)$/i.test(node.value);
    this.report('error', this.typeError(node, path, 'true or false') + (yaml11 ? ' (the config is YAML 1.2: yes/no/on/off are strings)' : ''), this.rangeOf(node));
    return undefined;
  }

  private portNumber(node: Node, path: string): number | undefined {
    const value = isScalar(node) ? node.value : undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.report('error', this.typeError(node, path, 'a port number'), this.rangeOf(node));
      return undefined;
    }
    if (value < 1 || value > 65535) {
      this.report('error', invalid(path, value, 'must be between 1 and 65535, inclusive'), this.rangeOf(node));
      return undefined;
    }
    return value;
  }

  private protocol(node: Node, path: string): string | undefined {
    const value = this.string(node, path);
    if (value === undefined) return undefined;
    if ((PROTOCOLS as readonly string[]).includes(value)) return value;
    this.report('error', `${notSupported(path, value, PROTOCOLS)}${didYouMean(value, PROTOCOLS)}`, this.rangeOf(node));
    return undefined;
  }

  private kind(node: Node, path: string): string | undefined {
    const value = this.string(node, path);
    if (value === undefined) return undefined;
    if ((WORKLOAD_KINDS as readonly string[]).includes(value)) return value;
    this.report('error', `${notSupported(path, value, WORKLOAD_KINDS)}${didYouMean(value, WORKLOAD_KINDS)}`, this.rangeOf(node));
    return undefined;
  }

  private ip(node: Node, path: string): string | undefined {
    const value = this.string(node, path);
    if (value === undefined) return undefined;
    if (IPV4.test(value) || (value.includes(':') && /^[0-9a-fA-F:.]+$/.test(value))) return value;
    this.report('error', invalid(path, value, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'), this.rangeOf(node));
    return undefined;
  }

  // ---- collections -----------------------------------------------------

  private stringList(node: Node, path: string): string[] | undefined {
    return this.list(node, path, (item, p) => {
      const s = this.string(item, p);
      if (s === '') this.report('error', invalid(p, '', 'must not be empty'), this.rangeOf(item));
      return s === '' ? undefined : s;
    });
  }

  /** Each item read on its own: a bad item is left out, the others kept. */
  private list<T>(node: Node, path: string, item: (node: Node, path: string) => T | undefined): T[] | undefined {
    if (!isSeq(node)) {
      this.report('error', this.typeError(node, path, 'a list'), this.rangeOf(node));
      return undefined;
    }
    const out: T[] = [];
    (node.items as (Node | null)[]).forEach((n, i) => {
      const p = `${path}[${i}]`;
      if (n === null || isNull(n)) {
        this.report('error', `${p}: must not be empty`, this.rangeOf(n, this.rangeOf(node)));
        return;
      }
      const value = item(n, p);
      if (value !== undefined) out.push(value);
    });
    return out;
  }

  private isMapping(node: Node, path: string, expected = 'a mapping'): node is YAMLMap {
    if (isMap(node)) return true;
    this.report('error', this.typeError(node, path, expected), this.rangeOf(node));
    return false;
  }

  private has(map: YAMLMap, key: string): boolean {
    return (map.items as Pair<Node, Node | null>[]).some((p) => isScalar(p.key) && p.key.value === key && p.value !== null && !isNull(p.value));
  }

  private typeError(node: Node, path: string, expected: string): string {
    const got = isScalar(node) ? `${kindOf(node)} ${formatValue(scalarValue(node.value))}` : kindOf(node);
    return `${path}: expected ${expected}, got ${got}`;
  }
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function isNull(node: Node): boolean {
  return isScalar(node) && node.value === null;
}

function kindOf(node: Node): string {
  if (isAlias(node)) return 'an alias (aliases are not read in the config)';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = node.value;
    if (typeof v === 'string') return 'string';
    if (typeof v === 'number' || typeof v === 'bigint') return 'number';
    if (typeof v === 'boolean') return 'boolean';
    if (v === null) return 'null';
  }
  return 'a value';
}

function scalarValue(v: unknown): string | number | { goSyntax: string } {
  if (typeof v === 'string' || typeof v === 'number') return v;
  return { goSyntax: String(v) };
}

function list(values: readonly string[]): string {
  return values.join(', ');
}

function bestMatch(wanted: string, candidates: readonly string[]): string | undefined {
  let best: { value: string; score: number } | undefined;
  for (const c of candidates) {
    const score = nearness(wanted, c);
    if (score !== undefined && score > 0 && (!best || score < best.score)) best = { value: c, score };
  }
  return best?.value;
}

function didYouMean(wanted: string, candidates: readonly string[]): string {
  const near = bestMatch(wanted, candidates);
  return near ? ` (did you mean ${JSON.stringify(near)}?)` : '';
}

function stripUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}
