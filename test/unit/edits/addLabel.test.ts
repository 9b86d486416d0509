import * as assert from 'assert';
import { analyzeText } from '../../../server/src/core/analyze';
import { isNamespace, isWorkload, Namespace, Workload } from '../../../server/src/core/model/types';
import { addNamespaceLabelEdits, addPodLabelEdits, LabelToSet } from '../../../server/src/core/edits/addLabel';
import { applyEdits, eolOf } from '../../../server/src/core/edits/text';
import { changeScalarEdit } from '../../../server/src/core/edits/changeSelector';
import { formatScalar } from '../../../server/src/core/edits/yamlScalar';

function workloadOf(text: string, i = 0): Workload {
  const w = analyzeText(text).objects.filter(isWorkload)[i];
  assert.ok(w, 'no workload in the text');
  return w;
}

function addPod(text: string, labels: LabelToSet[], i = 0): string | undefined {
  const edits = addPodLabelEdits(text, workloadOf(text, i), labels);
  return edits && applyEdits(text, edits);
}

/** After the edit, the workload must carry the labels (the edit is valid YAML). */
function assertHasLabels(text: string, labels: LabelToSet[], i = 0): void {
  const w = workloadOf(text, i);
  const got = new Map(w.podLabels.map((e) => [e.key.value, e.value.value]));
  for (const l of labels) assert.strictEqual(got.get(l.key), l.value, `label ${l.key}`);
}

const DEPLOYMENT = `# the backend
apiVersion: apps/v1
kind: Deployment
metadata:
  name: backend
  namespace: shop
  labels:
    app: backend-deploy
spec:
  replicas: 2

  template:
    metadata:
      labels:
        app: backend   # used by the db policy
        tier: api
      # end of labels
    spec:
      containers:
      - name: web
        image: nginx
`;

describe('addPodLabelEdits', () => {
  it('adds a line after the last template label, in the same indentation, keeping comments and blank lines', () => {
    const out = addPod(DEPLOYMENT, [{ key: 'role', value: 'db-client' }]);
    assert.strictEqual(
      out,
      DEPLOYMENT.replace('        tier: api\n', '        tier: api\n        role: db-client\n'),
    );
    assertHasLabels(out!, [{ key: 'role', value: 'db-client' }, { key: 'app', value: 'backend' }]);
  });

  it('replaces the value of an existing key in place, keeping the trailing comment', () => {
    const out = addPod(DEPLOYMENT, [{ key: 'app', value: 'backnd' }]);
    assert.strictEqual(out, DEPLOYMENT.replace('app: backend   # used', 'app: backnd   # used'));
  });

  it('sets several labels: replacements and one insertion', () => {
    const out = addPod(DEPLOYMENT, [
      { key: 'tier', value: 'db' },
      { key: 'role', value: 'x' },
      { key: 'team', value: 'a' },
    ]);
    assert.strictEqual(out, DEPLOYMENT.replace('        tier: api\n', '        tier: db\n        role: x\n        team: a\n'));
  });

  it('creates labels: under the pod template metadata, before a nested map, with the file indentation', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata:
    name: web
spec:
    template:
        metadata:
            annotations:
                a: b
        spec:
            containers: []
`;
    const out = addPod(text, [{ key: 'app', value: 'web' }]);
    assert.strictEqual(out, text.replace('        metadata:\n', '        metadata:\n            labels:\n                app: web\n'));
    assertHasLabels(out!, [{ key: 'app', value: 'web' }]);
  });

  it('creates labels: in a Pod after name and namespace', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: client   # the client
  namespace: shop
  annotations: {x: y}
spec:
  containers: []
`;
    const out = addPod(text, [{ key: 'app', value: 'client' }]);
    assert.strictEqual(out, text.replace('  namespace: shop\n', '  namespace: shop\n  labels:\n    app: client\n'));
  });

  it('adds to a flow map and to an empty flow map', () => {
    const text = `kind: Pod
apiVersion: v1
metadata: {name: a, labels: {app: a}}
---
kind: Pod
apiVersion: v1
metadata:
  name: b
  labels: {}
`;
    assert.strictEqual(addPod(text, [{ key: 'tier', value: 'db' }], 0), text.replace('{app: a}', '{app: a, tier: db}'));
    assert.strictEqual(addPod(text, [{ key: 'tier', value: 'db' }, { key: 'x', value: 'z' }], 1), text.replace('labels: {}', 'labels: {tier: db, x: z}'));
  });

  it('adds labels: to a flow metadata map', () => {
    const text = `kind: Pod\napiVersion: v1\nmetadata: {name: a}\n`;
    assert.strictEqual(addPod(text, [{ key: 'app', value: 'a' }]), `kind: Pod\napiVersion: v1\nmetadata: {name: a, labels: {app: a}}\n`);
  });

  it('keeps CRLF line endings', () => {
    const text = 'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: a\r\n  labels:\r\n    app: a\r\nspec: {}\r\n';
    assert.strictEqual(addPod(text, [{ key: 'tier', value: 'db' }]), 'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: a\r\n  labels:\r\n    app: a\r\n    tier: db\r\nspec: {}\r\n');
    const bare = 'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: a\r\nspec: {}\r\n';
    assert.strictEqual(addPod(bare, [{ key: 'app', value: 'a' }]), 'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: a\r\n  labels:\r\n    app: a\r\nspec: {}\r\n');
  });

  it('in a file mixing LF and CRLF, new lines take the line ending of the object they go into', () => {
    const text = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n---\r\napiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: a\r\n  labels:\r\n    app: a\r\nspec: {}\r\n';
    assert.strictEqual(
      addPod(text, [{ key: 'tier', value: 'db' }]),
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n---\r\napiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: a\r\n  labels:\r\n    app: a\r\n    tier: db\r\nspec: {}\r\n',
    );
  });

  it('fills an empty labels: key, keeping its comment on its line', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: a
  labels: # none yet
spec: {}
`;
    const out = addPod(text, [{ key: 'app', value: 'a' }]);
    assert.strictEqual(out, text.replace('  labels: # none yet\n', '  labels: # none yet\n    app: a\n'));
    assertHasLabels(out!, [{ key: 'app', value: 'a' }]);
    const tilde = text.replace('labels: # none yet', 'labels: ~');
    assert.strictEqual(addPod(tilde, [{ key: 'app', value: 'a' }]), tilde.replace('labels: ~', 'labels: {app: a}'));
  });

  it('quotes values YAML 1.1 would not read as strings, and keeps the quote style when replacing', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: a
  labels:
    app: 'a'
`;
    assert.strictEqual(addPod(text, [{ key: 'enabled', value: 'yes' }, { key: 'app', value: 'b' }]), text.replace("    app: 'a'\n", "    app: 'b'\n    enabled: \"yes\"\n"));
  });

  it('edits the right document of a multi-document file and a CronJob template', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: first
  labels:
    app: first
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 0 * * *"
  jobTemplate:
    spec:
      template:
        metadata:
          labels:
            app: nightly
        spec:
          containers: []
`;
    assert.strictEqual(addPod(text, [{ key: 'role', value: 'batch' }], 1), text.replace('            app: nightly\n', '            app: nightly\n            role: batch\n'));
  });

  it('refuses a template without metadata, and labels shared through an alias', () => {
    const noMeta = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec:\n  template:\n    spec: {}\n`;
    assert.strictEqual(addPodLabelEdits(noMeta, workloadOf(noMeta), [{ key: 'app', value: 'a' }]), undefined);
    const alias = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  labels: &l {app: a}\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: b\n  labels: *l\n`;
    assert.strictEqual(addPodLabelEdits(alias, workloadOf(alias, 1), [{ key: 'x', value: 'y' }]), undefined);
  });
});

describe('addNamespaceLabelEdits', () => {
  it('adds a label to a Namespace', () => {
    const text = `apiVersion: v1
kind: Namespace
metadata:
  name: payments
  labels:
    team: payments
`;
    const ns = analyzeText(text).objects.find(isNamespace) as Namespace;
    const edits = addNamespaceLabelEdits(text, ns, [{ key: 'env', value: 'prod' }])!;
    assert.strictEqual(applyEdits(text, edits), text + '    env: prod\n');
  });
});

describe('changeScalarEdit and formatting', () => {
  it('keeps quotes of the replaced scalar', () => {
    const text = `app: "backnd"\ntier: 'x'\nrole: y\n`;
    assert.deepStrictEqual(changeScalarEdit(text, { start: 5, end: 13 }, 'backend'), { range: { start: 5, end: 13 }, newText: '"backend"' });
    assert.strictEqual(changeScalarEdit(text, { start: 20, end: 23 }, "it's").newText, "'it''s'");
    assert.strictEqual(changeScalarEdit(text, { start: 30, end: 31 }, 'on').newText, '"on"');
  });

  it('formats plain only what YAML 1.1 reads back as the same string', () => {
    assert.strictEqual(formatScalar('backend'), 'backend');
    assert.strictEqual(formatScalar('app.kubernetes.io/name'), 'app.kubernetes.io/name');
    assert.strictEqual(formatScalar('1.0'), '"1.0"');
    assert.strictEqual(formatScalar('no'), '"no"');
    assert.strictEqual(formatScalar('0755'), '"0755"');
    assert.strictEqual(formatScalar(''), '""');
    assert.strictEqual(formatScalar('a,b'), '"a,b"');
  });

  it('detects the line ending', () => {
    assert.strictEqual(eolOf('a\r\nb\n'), '\r\n');
    assert.strictEqual(eolOf('a\nb\r\n'), '\n');
    assert.strictEqual(eolOf('a'), '\n');
  });
});
