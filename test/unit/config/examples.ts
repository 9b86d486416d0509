// Config texts the parser and the JSON Schema must judge alike: valid ones
// (no error finding, the schema accepts) and invalid ones (an error finding
// at `at`, the schema rejects).
export interface Example {
  name: string;
  text: string;
  /** For invalid examples: the text the error's range covers. */
  at?: string;
}

export const VALID: Example[] = [
  { name: 'empty file', text: '' },
  { name: 'comments only', text: '# nothing yet\n' },
  { name: 'bare and qualified rule ids', text: 'rules:\n  selector-matches-nothing: off\n  netpol/yaml-syntax: warning\n' },
  { name: 'null sections', text: 'rules:\nexclude:\ncluster:\n' },
  { name: 'excludes and scalars', text: 'exclude: ["charts/**", "**/*.generated.yaml"]\ndefaultNamespace: shop\nstrictCidr: false\n' },
  { name: 'dns preset', text: 'cluster:\n  dns: openshift\n' },
  {
    name: 'full dns description',
    text: 'cluster:\n  dns:\n    namespace: kube-system\n    labels: {k8s-app: kube-dns}\n    ports: [{port: 53, protocol: UDP, name: dns}, 53]\n    ip: 169.254.20.10\n    workloadName: coredns\n    workloadKind: DaemonSet\n',
  },
  { name: 'namespaces as names and objects', text: 'cluster:\n  namespaces: [default, {name: kube-system, labels: {team: platform}}]\n  extraNamespaces:\n    - monitoring\n' },
  {
    name: 'workloads',
    text: 'cluster:\n  workloads:\n    - name: ingress-nginx-controller\n      namespace: ingress-nginx\n      kind: DaemonSet\n      labels:\n        app.kubernetes.io/name: ingress-nginx\n        empty: ""\n      ports: [{port: 443, name: https}]\n      description: the ingress controller\n',
  },
];

export const INVALID: Example[] = [
  { name: 'unknown top-level field', text: 'rulez:\n  a: off\n', at: 'rulez' },
  { name: 'root is a list', text: '- rules\n', at: '- rules' },
  { name: 'unknown severity', text: 'rules:\n  yaml-syntax: loud\n', at: 'loud' },
  { name: 'severity of the wrong type', text: 'rules:\n  yaml-syntax: 1\n', at: '1' },
  { name: 'exclude not a list', text: 'exclude: charts/**\n', at: 'charts/**' },
  { name: 'empty exclude glob', text: 'exclude: [""]\n', at: '""' },
  { name: 'strictCidr as YAML 1.1 yes', text: 'strictCidr: yes\n', at: 'yes' },
  { name: 'bad default namespace', text: 'defaultNamespace: Shop_1\n', at: 'Shop_1' },
  { name: 'unknown dns preset', text: 'cluster:\n  dns: corends\n', at: 'corends' },
  { name: 'dns description without workloadName', text: 'cluster:\n  dns:\n    namespace: kube-system\n    labels: {a: b}\n    ports: [53]\n', at: 'namespace: kube-system\n    labels: {a: b}\n    ports: [53]' },
  { name: 'unknown cluster field', text: 'cluster:\n  workload: []\n', at: 'workload' },
  { name: 'invalid label key', text: 'cluster:\n  workloads:\n    - {name: a, namespace: b, labels: {"-bad": x}}\n', at: '"-bad"' },
  { name: 'invalid label value', text: 'cluster:\n  workloads:\n    - {name: a, namespace: b, labels: {app: "no spaces"}}\n', at: '"no spaces"' },
  { name: 'label value not a string', text: 'cluster:\n  workloads:\n    - {name: a, namespace: b, labels: {tier: 1}}\n', at: '1' },
  { name: 'workload without labels', text: 'cluster:\n  workloads:\n    - {name: a, namespace: b}\n', at: '{name: a, namespace: b}' },
  { name: 'port out of range', text: 'cluster:\n  workloads:\n    - {name: a, namespace: b, labels: {}, ports: [70000]}\n', at: '70000' },
  { name: 'port not a number', text: 'cluster:\n  workloads:\n    - {name: a, namespace: b, labels: {}, ports: [{port: http}]}\n', at: 'http' },
  { name: 'bad protocol', text: 'cluster:\n  workloads:\n    - {name: a, namespace: b, labels: {}, ports: [{port: 80, protocol: TPC}]}\n', at: 'TPC' },
  { name: 'bad port name', text: 'cluster:\n  workloads:\n    - {name: a, namespace: b, labels: {}, ports: [{port: 80, name: HTTP}]}\n', at: 'HTTP' },
  { name: 'unknown workload kind', text: 'cluster:\n  workloads:\n    - {name: a, namespace: b, labels: {}, kind: Deploy}\n', at: 'Deploy' },
  { name: 'bad namespace name', text: 'cluster:\n  extraNamespaces: [Monitoring]\n', at: 'Monitoring' },
];
