// `netpol check` on NetworkPolicies that are not networking.k8s.io/v1: an
// error for a Kubernetes version kubectl does not serve, a note on stderr for
// another product's NetworkPolicy (no finding), and a warning, not an error,
// for an omitted podSelector.
import * as assert from 'assert';
import { removeTree, runCli, tempTree } from './runCli';

const policyIn = (apiVersion: string, spec: string) => `apiVersion: ${apiVersion}\nkind: NetworkPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n${spec}`;
const POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop, labels: {app: web}}\n';

describe('netpol check: NetworkPolicy apiVersions', () => {
  let dir: string;
  afterEach(() => removeTree(dir));

  it('notes other products\' NetworkPolicies on stderr, once per file and version, with no finding', async () => {
    const calico = [policyIn('projectcalico.org/v3', '  selector: all()\n'), policyIn('projectcalico.org/v3', '  selector: app == "web"\n'), policyIn('cilium.io/v2', '  endpointSelector: {}\n')].join('---\n');
    dir = tempTree({ 'calico.yaml': calico, 'pod.yaml': POD });
    const run = await runCli(['check', '.'], dir);
    assert.strictEqual(run.stdout, '');
    assert.strictEqual(
      run.stderr,
      [
        'calico.yaml: NetworkPolicy in projectcalico.org/v3 is not analysed (only networking.k8s.io/v1 is)',
        'calico.yaml: NetworkPolicy in cilium.io/v2 is not analysed (only networking.k8s.io/v1 is)',
        '0 errors, 0 warnings in 2 files',
        '',
      ].join('\n'),
    );
    assert.strictEqual(run.code, 0);
    const json = await runCli(['check', '--format', 'json', '.'], dir);
    assert.deepStrictEqual(JSON.parse(json.stdout), []);
  });

  it('fails on an unknown Kubernetes version and warns about an omitted podSelector', async () => {
    dir = tempTree({ 'p.yaml': [policyIn('extensions/v1beta1', '  podSelector: {}\n'), policyIn('networking.k8s.io/v1', '  policyTypes: [Ingress]\n')].join('---\n'), 'pod.yaml': POD });
    const run = await runCli(['check', '.'], dir);
    assert.strictEqual(
      run.stdout,
      [
        'p.yaml:1:13 error netpol/unknown-api-version no matches for kind "NetworkPolicy" in version "extensions/v1beta1": NetworkPolicy is served as networking.k8s.io/v1 (extensions/v1beta1 NetworkPolicy was removed in Kubernetes 1.16)',
        'p.yaml:10:1 warning netpol/podselector-omitted spec.podSelector is omitted: the policy selects every pod in its namespace, as podSelector: {} would; kubectl before 1.34 refuses it',
        '',
      ].join('\n'),
    );
    assert.strictEqual(run.stderr, '1 error, 1 warning in 2 files\n');
    assert.strictEqual(run.code, 1);
    // A warning alone does not fail the default --fail-on error.
    removeTree(dir);
    dir = tempTree({ 'p.yaml': policyIn('networking.k8s.io/v1', '  policyTypes: [Ingress]\n'), 'pod.yaml': POD });
    assert.strictEqual((await runCli(['check', '.'], dir)).code, 0);
  });
});
