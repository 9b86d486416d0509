// What the server re-checks after one keystroke, as its diagnostics pass
// does it (workspaceDiagnostics.ts): the index updated, the dependencies
// asked which files the edit can affect, those and the files whose findings
// name other files' objects re-checked. The in-process keystrokes of
// bench.ts re-check a fixed set (the namespace's policy files); this counts
// what the dependency tracking really sends to the pass, and its CPU time.
import type { WorkspaceIndex } from '../../server/src/core/index/workspaceIndex';
import { DiagnosticsDependencies } from '../../server/src/features/diagnosticsDependencies';
import { findingsOf } from '../../server/src/features/diagnosticsFindings';
import { DiagnosticsResults } from '../../server/src/features/diagnosticsResults';
import { toDiagnostics } from '../../server/src/lsp/toDiagnostic';
import { median, time } from './measure';

export interface RecheckResult {
  /** Median files re-checked, and the median CPU ms of the edit plus the re-check. */
  workloadFiles: number;
  workloadCpuMs: number;
  policyFiles: number;
  policyCpuMs: number;
}

export function serverRecheck(index: WorkspaceIndex, keystrokes: number): RecheckResult {
  const compute = (uri: string) => {
    const r = findingsOf(index, uri, { rules: {}, workspaceChecks: true });
    return r && { diagnostics: toDiagnostics(r.findings, r.file.analysis.parsed.lines), dependsOnOthers: r.fromWorkspaceChecks };
  };
  const results = new DiagnosticsResults(compute);
  const dependencies = new DiagnosticsDependencies();
  dependencies.reset(index);
  const uris = index.uris();
  for (const uri of uris) results.get(uri);
  const edit = (uri: string, text: string) =>
    time(() => {
      const before = results.recomputations;
      index.setFile(uri, text);
      const affected = dependencies.changed(index, [uri]);
      if (affected === 'all') results.invalidateAll();
      else {
        results.invalidate(affected);
        results.invalidateWordedByOthers();
      }
      for (const u of uris) if (results.isDirty(u)) results.get(u);
      return results.recomputations - before;
    });
  const policy = index.allPolicies()[0];
  const workload = [...index.workloadsIn(policy.namespace).values()][0];
  const w: ReturnType<typeof edit>[] = [];
  const p: ReturnType<typeof edit>[] = [];
  const workloadText = index.getFile(workload.uri)!.text;
  const policyText = index.getFile(policy.uri)!.text;
  for (let r = 0; r < keystrokes; r++) {
    w.push(edit(workload.uri, workloadText.replace('tier: ', `tier: r${r}`)));
    p.push(edit(policy.uri, policyText.replace('port:', `port:${' '.repeat(r + 1)}`)));
  }
  // The index as it was: the bench's other measures follow.
  index.setFile(workload.uri, workloadText);
  index.setFile(policy.uri, policyText);
  return {
    workloadFiles: median(w.map((x) => x.value)),
    workloadCpuMs: median(w.map((x) => x.cpuMs)),
    policyFiles: median(p.map((x) => x.value)),
    policyCpuMs: median(p.map((x) => x.cpuMs)),
  };
}
