// servicePortSuspects.ts keeps each Service's entries across pod label
// edits that do not touch the labels of its selector. On random namespaces
// (Services with 1-2 label selectors, some fronting more than SERVICE_PODS
// pods, targetPorts by number and name, pods listening or not), after each
// random edit (a label changed, added or dropped, a port changed, a
// workload added, moved or removed, more than the table's change log at
// once; a Service re-set, removed, or made anew with a workload of the same
// file) the answer carried along every step equals one computed from scratch.
import * as assert from 'assert';
import { clearServicePortSuspects, SERVICE_PODS, suspectServicePorts } from '../../../server/src/core/checks/servicePortSuspects';
import { WorkspaceIndex } from '../../../server/src/core/index/workspaceIndex';
import { rng } from '../../lsp/randomEdits';

const APPS = ['a', 'b'];
const TIERS = ['x', 'y'];

function workload(i: number, ns: string, app: string, tier: string | undefined, port: number): string {
  const labels = tier === undefined ? `{app: ${app}}` : `{app: ${app}, tier: ${tier}}`;
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: w${i}\n  namespace: ${ns}\nspec:\n  template:\n    metadata:\n      labels: ${labels}\n    spec:\n      containers:\n      - name: c\n        image: x\n        ports:\n        - {name: http, containerPort: ${port}}\n`;
}

function service(i: number, selector: string, target: string): string {
  return `apiVersion: v1\nkind: Service\nmetadata:\n  name: s${i}\n  namespace: ns\nspec:\n  selector: ${selector}\n  ports:\n  - {port: 80, targetPort: ${target}}\n`;
}

const answer = (index: WorkspaceIndex) =>
  JSON.stringify(suspectServicePorts(index, 'ns', 80, 'TCP').map((s) => [s.svc.name, s.sp.targetPort.value, s.pods.map((w) => `${w.namespace}/${w.name}`)]));

/**
 * Two indexes given the same edits: the index's tables are carried along
 * every step, the twin's dropped before each answer; compare asserts the
 * answers agree and returns the one from scratch.
 */
function twins(seed: number) {
  const index = new WorkspaceIndex();
  const twin = new WorkspaceIndex();
  return {
    index,
    set: (uri: string, text: string) => (index.setFile(uri, text), twin.setFile(uri, text)),
    remove: (uri: string) => (index.removeFile(uri), twin.removeFile(uri)),
    compare(log: readonly string[]): string {
      const warm = answer(index);
      clearServicePortSuspects(twin);
      const cold = answer(twin);
      assert.strictEqual(warm, cold, `seed ${seed}, after ${log.length} edits (last: ${log.slice(-3).join(', ')})`);
      return cold;
    },
  };
}

describe('service-port-not-pod-port: Service entries reused across pod label edits', () => {
  it('equal a computation from scratch after every random edit', () => {
    let compared = 0;
    let nonEmpty = 0;
    let crowded = 0;
    for (let seed = 1; seed <= 25; seed++) {
      const r = rng(seed);
      const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
      const { index, set, remove, compare } = twins(seed);
      const pods = 40 + Math.floor(r() * 80);
      const podText = (i: number) => workload(i, r() < 0.9 ? 'ns' : 'other', pick(APPS), r() < 0.8 ? pick(TIERS) : undefined, r() < 0.5 ? 80 : 8080);
      for (let i = 0; i < pods; i++) set(`file:///w${i}.yaml`, podText(i));
      for (let i = 0; i < 8; i++) {
        const selector = r() < 0.5 ? `{app: ${pick(APPS)}}` : `{app: ${pick(APPS)}, tier: ${pick(TIERS)}}`;
        set(`file:///s${i}.yaml`, service(i, selector, pick(['8080', '80', 'http', '9090'])));
      }
      // A Service of its own whose one pod listens on its targetPort only: it has an entry until that pod loses its label.
      set('file:///pin.yaml', workload(999, 'ns', 'pin', undefined, 8080));
      set('file:///s-pin.yaml', service(99, '{app: pin}', '8080'));
      if (index.podLabels('ns').members('app', 'a').size > SERVICE_PODS) crowded++;
      answer(index);
      const log: string[] = [];
      for (let e = 0; e < 30; e++) {
        // Now and then more edits at once than the label tables remember.
        const burst = r() < 0.1 ? 70 : 1;
        for (let b = 0; b < burst; b++) {
          const i = Math.floor(r() * (pods + 3));
          const uri = `file:///w${i}.yaml`;
          if (r() < 0.1) remove(uri);
          else set(uri, podText(i));
          log.push(`${b}:${uri}`);
        }
        // Once: a change the next answer must see, then more label changes than the tables remember, none of them a Service's labels.
        if (e === 15) {
          set('file:///pin.yaml', workload(999, 'ns', 'unpinned', undefined, 8080));
          for (let b = 0; b < 70; b++) set(`file:///noise${b}.yaml`, workload(1000 + b, 'ns', `z${e}`, undefined, 80));
          log.push('pin and 70 unrelated');
        }
        compared++;
        if (compare(log) !== '[]') nonEmpty++;
      }
    }
    assert.ok(nonEmpty > compared / 3, `${nonEmpty} of ${compared} answers had suspect entries`);
    // Some Services front more pods than the table looks at: the order the label tables give matters.
    assert.ok(crowded > 10, `${crowded} workspaces with more than ${SERVICE_PODS} pods of app=a`);
  });

  it('equal a computation from scratch after Service edits, removals and files holding a workload and its Service', () => {
    let compared = 0;
    let nonEmpty = 0;
    let serviceEdits = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const r = rng(1000 + seed);
      const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
      const { index, set, remove, compare } = twins(seed);
      const pods = 20 + Math.floor(r() * 40);
      const podText = (i: number) => workload(i, 'ns', pick(APPS), r() < 0.8 ? pick(TIERS) : undefined, r() < 0.5 ? 80 : 8080);
      const svcText = (i: number) => {
        const selector = r() < 0.1 ? '{}' : r() < 0.5 ? `{app: ${pick(APPS)}}` : `{app: ${pick(APPS)}, tier: ${pick(TIERS)}}`;
        // Same name now and then: the order of equal names is the index's.
        return service(r() < 0.2 ? 0 : i, selector, pick(['8080', '80', 'http', '9090']));
      };
      const bothText = (i: number, same: boolean) => `${workload(500 + i, 'ns', same ? 'both' : pick(APPS), undefined, r() < 0.5 ? 80 : 8080)}---\n${service(500 + i, same ? '{app: both}' : `{app: ${pick(APPS)}}`, pick(['8080', 'http']))}`;
      for (let i = 0; i < pods; i++) set(`file:///w${i}.yaml`, podText(i));
      for (let i = 0; i < 6; i++) set(`file:///s${i}.yaml`, svcText(i));
      for (let i = 0; i < 3; i++) set(`file:///both${i}.yaml`, bothText(i, r() < 0.5));
      answer(index);
      const log: string[] = [];
      for (let e = 0; e < 30; e++) {
        const burst = r() < 0.1 ? 70 : 1;
        for (let b = 0; b < burst; b++) {
          const x = r();
          let uri: string;
          if (x < 0.3) {
            // A Service file re-set (new Service objects, maybe the same text) or removed.
            const i = Math.floor(r() * 7);
            uri = `file:///s${i}.yaml`;
            if (r() < 0.2) remove(uri);
            else set(uri, r() < 0.3 ? svcText(i).replace('s0', `s${i}`) : svcText(i));
            serviceEdits++;
          } else if (x < 0.55) {
            // A file with a workload and a Service: both made anew by the same keystroke.
            const i = Math.floor(r() * 4);
            uri = `file:///both${i}.yaml`;
            if (r() < 0.15) remove(uri);
            else set(uri, bothText(i, r() < 0.5));
            serviceEdits++;
          } else {
            const i = Math.floor(r() * (pods + 3));
            uri = `file:///w${i}.yaml`;
            if (r() < 0.1) remove(uri);
            else set(uri, podText(i));
          }
          log.push(`${b}:${uri}`);
        }
        // Once: more Service changes than the index's log keeps (the table starts over).
        if (e === 20) {
          for (let b = 0; b < 100; b++) set(`file:///s${b % 7}.yaml`, svcText(b % 7));
          log.push('100 Service re-sets');
        }
        compared++;
        if (compare(log) !== '[]') nonEmpty++;
      }
    }
    assert.ok(nonEmpty > compared / 3, `${nonEmpty} of ${compared} answers had suspect entries`);
    assert.ok(serviceEdits > 300, `${serviceEdits} Service edits`);
  });
});
