// Every rule (opt-in ones too) over every file of the realistic bench shape
// (one replica mostly, a Service beside each Deployment, every policy with
// the DNS egress rule, one in ten selectors misspelt, CoreDNS present):
// ten times the input (ten times the workloads, Services and policies) must
// cost about ten times as much, rule by rule, not a hundred (policies x
// workloads). Cold runs (every check cache forgotten), process CPU time (a
// shared machine's preemptions do not count), the least of several runs, a
// ratio against a baseline measured in the same run, never a time limit.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { INDEX_CHECKS } from '../../../server/src/core/checks';
import { clearCheckCaches } from '../../../server/src/core/checks/clearCaches';
import { WorkspaceIndex } from '../../../server/src/core/index/workspaceIndex';
import { generateWorkspace } from '../../bench/generate';

const SMALL = 500;
const RUNS = 7;
/** Linear with some slack for a garbage collection landing in the large run. */
const MAX_RATIO = 12;
/**
 * Rules held to a looser bound, with it: none now. `selector-matches-nothing`
 * looked at 26-52 objects per unmatched selector between 500 and 5,000 pods
 * (up to 16 per label source, filling up as namespaces grow); it now passes
 * over the sources that cannot beat its third candidate (the nearest values
 * farther than it: addLabelSkipEquivalence test), 20-28 objects: here
 * 9.0-9.1x as this test counts it (14.3-14.8x before; the small run is
 * under 1 ms, counted as 1), 13-17x unrounded (22-23x before), the objects
 * it still reads (names tied at the nearest value, a few others) filling
 * up from 5 to 16. `dns-egress-blocked` answers per policy and from the label tables,
 * without an engine per namespace (6-7x). A walk of every workload for every
 * policy would be ~100x.
 */
const NOT_YET_LINEAR: Record<string, number> = {};
/** All rules together. */
const MAX_TOTAL_RATIO = 30;
/** Below this (large size), a rule's time is noise: only the total counts it. */
const MIN_MS = 20;

function build(root: string, pods: number): WorkspaceIndex {
  const ws = generateWorkspace(path.join(root, `ws-${pods}`), pods, 42, 'realistic', { coreDns: true });
  const index = new WorkspaceIndex();
  for (const f of ws.files) index.setFile(f, fs.readFileSync(f, 'utf8'));
  return index;
}

/** Per rule: the least CPU time of running it cold over every file; and the findings of the last run. */
function lint(index: WorkspaceIndex): { ms: Map<string, number>; findings: Map<string, number> } {
  const uris = index.uris();
  const times = new Map<string, number[]>(INDEX_CHECKS.map((c) => [c.id, []]));
  const findings = new Map<string, number>();
  for (let run = 0; run < RUNS; run++) {
    clearCheckCaches(index);
    for (const check of INDEX_CHECKS) {
      const start = process.cpuUsage();
      let n = 0;
      for (const uri of uris) n += check.run(index, uri).length;
      const used = process.cpuUsage(start);
      times.get(check.id)!.push((used.user + used.system) / 1000);
      findings.set(check.id, n);
    }
  }
  return { ms: new Map([...times].map(([id, xs]) => [id, Math.min(...xs)])), findings };
}

/** More passes over both sizes when a rule looks too slow, before it counts as a failure. */
const EXTRA_PASSES = 2;

function line(id: string, small: Map<string, number>, large: Map<string, number>): string {
  const x = small.get(id)!;
  const y = large.get(id)!;
  return `${id} ${x.toFixed(1)} -> ${y.toFixed(1)} ms (${(y / Math.max(x, 1)).toFixed(1)}x)`;
}

/** The report lines of the rules above their bound. */
function slowRules(small: Map<string, number>, large: Map<string, number>): string[] {
  return INDEX_CHECKS.filter((c) => large.get(c.id)! >= MIN_MS && large.get(c.id)! / Math.max(small.get(c.id)!, 1) > (NOT_YET_LINEAR[c.id] ?? MAX_RATIO)).map((c) => line(c.id, small, large));
}

function leastOf(a: Map<string, number>, b: Map<string, number>): Map<string, number> {
  return new Map([...a].map(([id, ms]) => [id, Math.min(ms, b.get(id)!)]));
}

describe('every lint scales with the workspace on the realistic shape (10x input, about 10x cost)', function () {
  this.timeout(300000);
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-lint-scaling-'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('each rule costs at most ~12x for 10x the files (far less than policies x workloads)', () => {
    const small = build(root, SMALL);
    const large = build(root, SMALL * 10);
    // Warm the JIT on both before measuring either: the large one's first
    // runs otherwise still pay for optimising (seen: the least of 7 cold-JIT
    // runs of a rule at 3x the least of 30).
    lint(small);
    lint(large);
    let a = lint(small);
    let b = lint(large);
    // A busy machine (CI running other suites) can slow one size's every run,
    // or collections of the suite's garbage land in the large one's (seen in a
    // full run: all rules 1.5 -> 49 ms, 18 ms alone); then measure both again
    // and keep each rule's least time over all passes.
    const total = (m: Map<string, number>) => [...m.values()].reduce((s, v) => s + v, 0);
    const tooSlow = () => slowRules(a.ms, b.ms).length > 0 || total(b.ms) / Math.max(total(a.ms), 1) > MAX_TOTAL_RATIO;
    for (let pass = 0; pass < EXTRA_PASSES && tooSlow(); pass++) {
      a = { ms: leastOf(a.ms, lint(small).ms), findings: a.findings };
      b = { ms: leastOf(b.ms, lint(large).ms), findings: b.findings };
    }
    // The rules that find things on this shape keep finding them in proportion (the same work is measured).
    for (const id of ['netpol/selector-matches-nothing', 'netpol/workload-not-isolated']) {
      assert.ok(a.findings.get(id)! > 0 && b.findings.get(id)! > a.findings.get(id)!, `${id}: ${a.findings.get(id)} -> ${b.findings.get(id)} findings`);
    }
    const report = INDEX_CHECKS.map((check) => line(check.id, a.ms, b.ms));
    const slow = slowRules(a.ms, b.ms);
    const ratio = total(b.ms) / Math.max(total(a.ms), 1);
    report.push(`all ${total(a.ms).toFixed(1)} -> ${total(b.ms).toFixed(1)} ms (${ratio.toFixed(1)}x)`);
    if (process.env.SHOW_RATIO) console.log(report.join('\n'));
    assert.deepStrictEqual(slow, [], `rules costing more than ${MAX_RATIO}x for 10x the input:\n${report.join('\n')}`);
    assert.ok(ratio <= MAX_TOTAL_RATIO, `all rules together: ${ratio.toFixed(1)}x\n${report.join('\n')}`);
  });
});
