// The workspace checks run in steps (one check of one file at a time, as the
// server's diagnostics pass runs them between requests) find exactly what
// runIndexChecks finds in one go, whatever the order of the steps across
// files: the per-index caches the checks share must not depend on it.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { enabledChecks, indexCheckSteps, runIndexCheck, runIndexChecks } from '../../../server/src/core/checks';
import type { RuleEnabled } from '../../../server/src/core/checks';
import type { Finding } from '../../../server/src/core/findings';
import { WorkspaceIndex } from '../../../server/src/core/index/workspaceIndex';
import { generateWorkspace } from '../../bench/generate';
import * as hostile from '../../lsp/hostileInputs';

/** The generated workspace's texts by uri: realistic policies (misspelt selectors) and a file of hostile ones (the rules that replace others fire there). */
function workspaceTexts(): Map<string, string> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-steps-'));
  try {
    const ws = generateWorkspace(path.join(root, 'ws'), 1500, 7, 'realistic');
    const texts = new Map(ws.files.map((f) => [pathToFileURL(f).toString(), fs.readFileSync(f, 'utf8')]));
    texts.set('file:///ws/hostile.yaml', hostile.manyDocuments(40 * 1024));
    return texts;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

function indexOf(texts: Map<string, string>): WorkspaceIndex {
  const index = new WorkspaceIndex();
  for (const [uri, text] of texts) index.setFile(uri, text);
  return index;
}

/** Every file's findings, all checks of a file in one go. */
function inOneGo(index: WorkspaceIndex, enabled: RuleEnabled | undefined): Map<string, Finding[]> {
  return new Map(index.uris().map((uri) => [uri, runIndexChecks(index, uri, enabled)]));
}

/** Every file's findings, one step at a time, the files taken in turn (one check of each before the next of any). */
function interleaved(index: WorkspaceIndex, enabled: RuleEnabled | undefined): { findings: Map<string, Finding[]>; steps: number } {
  const uris = index.uris().reverse();
  const running = new Map(uris.map((uri) => [uri, indexCheckSteps(index, uri, enabled)]));
  const findings = new Map<string, Finding[]>();
  let steps = 0;
  while (running.size > 0) {
    for (const [uri, run] of running) {
      const next = run.next();
      steps++;
      if (next.done) {
        findings.set(uri, next.value);
        running.delete(uri);
      }
    }
  }
  return { findings: new Map(index.uris().map((uri) => [uri, findings.get(uri)!])), steps };
}

describe('workspace checks in steps', function () {
  this.timeout(120000);
  const texts = workspaceTexts();

  for (const [name, enabled] of [['default rules', undefined], ['every rule, opt-in ones too', () => true]] as [string, RuleEnabled | undefined][]) {
    it(`find what the checks find in one go, steps of all files interleaved (${name})`, () => {
      const expected = inOneGo(indexOf(texts), enabled);
      const { findings, steps } = interleaved(indexOf(texts), enabled);
      const files = expected.size;
      const checks = enabledChecks(enabled).length;
      // One step per check, one that combines and one that returns, for every file.
      assert.strictEqual(steps, files * (checks + 2));
      assert.deepStrictEqual(findings, expected);
      // Not an empty comparison: many files and rules have findings.
      const all = [...expected.values()].flat();
      assert.ok(all.length > 100, `${all.length} findings`);
      assert.ok(new Set(all.map((f) => f.ruleId)).size >= 3, [...new Set(all.map((f) => f.ruleId))].join(', '));
    });
  }

  it('returns findings sorted by position, replaced ones dropped: the plain concatenation of the steps differs', () => {
    const index = indexOf(texts);
    let differs = 0;
    for (const uri of index.uris()) {
      const concatenated = enabledChecks().flatMap((check) => runIndexCheck(check, index, uri));
      const combined = runIndexChecks(index, uri);
      // Combining only drops and reorders.
      assert.ok(combined.every((f) => concatenated.includes(f) || concatenated.some((c) => JSON.stringify(c) === JSON.stringify(f))));
      if (JSON.stringify(concatenated) !== JSON.stringify(combined)) differs++;
    }
    assert.ok(differs > 0, 'no file where combining the steps changes anything: the comparisons above could not catch a missing sort or drop');
  });
});
