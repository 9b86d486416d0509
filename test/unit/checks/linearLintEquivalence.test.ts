// The three lints made linear keep their answers: on a generated workspace
// with findings of each (Services sending their port elsewhere, DNS rules
// cut, labels renamed), netpol/service-port-not-pod-port names the Service a
// walk of every Service of the namespace names (the walk it replaced), and
// after a series of edits checked one by one (caches kept, as in the
// server) every rule finds what a fresh index of the final files finds.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { INDEX_CHECKS } from '../../../server/src/core/checks';
import { someMatching } from '../../../server/src/core/checks/anyWorkloadMatches';
import { firstByName } from '../../../server/src/core/checks/firstByName';
import { isDestination, rulePortsOfFile } from '../../../server/src/core/checks/ruleDestinations';
import { suspectServicePorts } from '../../../server/src/core/checks/servicePortSuspects';
import type { IndexedWorkload } from '../../../server/src/core/index/types';
import { WorkspaceIndex } from '../../../server/src/core/index/workspaceIndex';
import { generateWorkspace } from '../../bench/generate';

const RULES = ['netpol/service-port-not-pod-port', 'netpol/dns-egress-blocked', 'netpol/selector-matches-nothing'];

/** Deterministic changes of the realistic shape's text that make each rule find something. */
function perturb(text: string, seed: number): string {
  let n = seed;
  const every = (k: number) => ++n % k === 0;
  return text
    .replace(/    port: (\d+)\n    targetPort: /g, (m) => (every(2) ? '    port: 80\n    targetPort: ' : m))
    .replace(/targetPort: (\S+)/g, (m) => (every(3) ? `targetPort: ${9000 + (n % 5)}` : every(7) ? 'targetPort: nosuch' : m))
    .replace(/    - \{protocol: TCP, port: 53\}\n/g, (m) => (every(4) ? '' : m))
    .replace(/    - \{protocol: UDP, port: 53\}\n/g, (m) => (every(5) ? '' : m))
    .replace(/      port: (\d+)\n/g, (m) => (every(2) ? `      port: ${every(6) ? 9000 + (n % 5) : 80}\n` : m))
    .replace(/        app: (\w+)\n        instance/g, (m) => (every(4) ? `        app: q${n % 3}\n        instance` : m));
}

function findings(index: WorkspaceIndex, rule: string): string[] {
  const check = INDEX_CHECKS.find((c) => c.id === rule)!;
  const out: string[] = [];
  for (const uri of [...index.uris()].sort()) for (const f of check.run(index, uri)) out.push(JSON.stringify({ uri, f }));
  return out;
}

/** A rule port's candidate Service entries (pods among the destinations, none listening on the port), in the order the rule takes them. */
type Candidates = (index: WorkspaceIndex, port: number, protocol: string, namespaces: string[], keep: (w: IndexedWorkload) => boolean) => string[];

/** The replaced walk: every Service of each namespace with the port, by name. */
const byWalk: Candidates = (index, n, protocol, namespaces, keep) => {
  const out: string[] = [];
  for (const ns of namespaces) {
    for (const svc of [...index.servicesWithPort(ns, n)].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (!svc.selector) continue;
      for (const sp of svc.service.ports) {
        if (sp.port.value !== n || sp.protocol !== protocol || sp.targetPort.value === n) continue;
        const selector = [...svc.selector].map(([key, value]) => ({ key, op: 'In' as const, values: new Set([value]) }));
        const pods = someMatching(index, [ns], selector, 16).filter(keep);
        if (pods.length > 0 && !pods.some((w) => listens(w, n, protocol))) out.push(`${svc.id} ${sp.path} ${pods.map((w) => w.id).join(',')}`);
      }
    }
  }
  return out;
};

/** The same from the table of suspect entries. */
const bySuspects: Candidates = (index, n, protocol, namespaces, keep) => {
  const out: string[] = [];
  for (const ns of namespaces) {
    for (const { svc, sp, pods: first } of suspectServicePorts(index, ns, n, protocol)) {
      const pods = first.filter(keep);
      if (pods.length > 0 && !pods.some((w) => listens(w, n, protocol))) out.push(`${svc.id} ${sp.path} ${pods.map((w) => w.id).join(',')}`);
    }
  }
  return out;
};

function listens(w: IndexedWorkload, n: number, protocol: string): boolean {
  return w.workload.ports.some((p) => p.containerPort === n && p.protocol === protocol);
}

/** Per numeric rule port of the file: its candidates, by `candidates`. */
function candidatesOf(index: WorkspaceIndex, uri: string, candidates: Candidates): string[] {
  const out: string[] = [];
  for (const { policy, port, matcher, destinations } of rulePortsOfFile(index, uri)) {
    if (matcher.kind !== 'numeric' || typeof port.port?.value !== 'number' || port.endPort) continue;
    const n = port.port.value;
    const dest = destinations();
    const namespaces = [...index.namespacesWithServicePort(n).keys()].filter((ns) => dest.scopes.some((s) => s.namespaces.includes(ns))).sort();
    out.push(`${policy.id} ${port.path}: ${candidates(index, n, matcher.protocol, namespaces, (w) => isDestination(dest, w)).join('; ')}`);
  }
  return out;
}

describe('the linear lints find what they found before', function () {
  this.timeout(120000);
  let root: string;
  let files: string[];
  let texts: Map<string, string>;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-linear-lints-'));
    files = generateWorkspace(path.join(root, 'ws'), 1500, 7, 'realistic', { coreDns: true }).files;
    texts = new Map(files.map((f, i) => [f, perturb(fs.readFileSync(f, 'utf8'), i)]));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  function indexOf(contents: Map<string, string>): WorkspaceIndex {
    const index = new WorkspaceIndex();
    for (const [f, text] of contents) index.setFile(f, text);
    return index;
  }

  it('service-port-not-pod-port: the table of suspect Service ports gives each rule port the candidates the walk of every Service gives', () => {
    const index = indexOf(texts);
    let candidates = 0;
    for (const uri of index.uris()) {
      const walked = candidatesOf(index, uri, byWalk);
      assert.deepStrictEqual(candidatesOf(index, uri, bySuspects), walked, uri);
      candidates += walked.filter((c) => !c.endsWith(': ')).length;
    }
    // The workspace must have some (else both are empty and equal).
    assert.ok(candidates > 10, `${candidates} rule ports with candidates`);
    assert.ok(findings(index, 'netpol/service-port-not-pod-port').length > 10);
  });

  it('after edits checked one by one (caches kept), each rule finds what a fresh index of the same files finds', () => {
    const current = new Map(texts);
    const warm = indexOf(current);
    const seen = RULES.map((r) => findings(warm, r).length);
    assert.ok(seen.every((n) => n > 0), `each rule finds something at first: ${seen.join(', ')}`);
    const apps = files.filter((f) => /apps-\d+\.yaml$/.test(f));
    const policies = files.filter((f) => /policies-\d+\.yaml$/.test(f));
    const edits: [string, (t: string) => string][] = [
      [apps[0], (t) => t.replace(/targetPort: \S+/, 'targetPort: 9001')],
      [apps[1], (t) => t.replace(/containerPort: \d+/, 'containerPort: 80')],
      [apps[2], (t) => t.replace(/        app: \w+\n/, '        app: renamed\n')],
      [policies[0], (t) => t.replace(/    - \{protocol: UDP, port: 53\}\n/g, '')],
      [policies[1], (t) => t.replace(/      port: \S+\n/, '      port: 80\n')],
      [apps[3], (t) => t.replace(/    port: \d+\n/, '    port: 80\n')],
      [policies[2], (t) => t.replace(/app: (\w+)\n/, 'app: $1zz\n')],
      [apps[4], () => ''],
      [path.join(root, 'ws', 'team-extra', 'namespace.yaml'), () => 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-extra\n'],
      [apps[0], (t) => t.replace('targetPort: 9001', 'targetPort: http')],
    ];
    for (const [file, edit] of edits) {
      current.set(file, edit(current.get(file) ?? ''));
      warm.setFile(file, current.get(file)!);
      const fresh = indexOf(current);
      for (const rule of RULES) assert.deepStrictEqual(findings(warm, rule), findings(fresh, rule), `${rule} after editing ${path.basename(file)}`);
    }
  });

  it('firstByName gives what a stable sort by name and a slice give', () => {
    let seed = 3;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let round = 0; round < 200; round++) {
      const items = Array.from({ length: Math.floor(random() * 40) }, (_, i) => ({ i, name: `w${Math.floor(random() * 8)}` }));
      const k = Math.floor(random() * 5);
      const sorted = [...items].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).slice(0, k);
      assert.deepStrictEqual(
        firstByName(items, (x) => x.name, k).map((x) => x.item),
        sorted,
      );
    }
  });
});
