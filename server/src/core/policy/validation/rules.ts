// The catalogue of validation rules: one entry per stable rule id, for SARIF,
// the README and hovers. Severity is the default; CIDR warnings are warnings.
import type { Severity } from '../../findings';

export interface RuleInfo {
  id: string;
  severity: Severity;
  /** One line: what the rule checks. */
  description: string;
  /** A short help text: why it matters and how to fix it. */
  help: string;
}

export const RULES: readonly RuleInfo[] = [
  // Structure: what the API server's strict decoder rejects before validation.
  {
    id: 'netpol/unknown-field',
    severity: 'error',
    description: 'A field that NetworkPolicy (networking.k8s.io/v1) does not have.',
    help: 'With strict field validation (kubectl apply default) the object is rejected; with lenient validation the field is silently dropped, so the policy does not do what it says. Check the spelling and the indentation (e.g. `from` vs `form`, `ports` under the rule).',
  },
  {
    id: 'netpol/duplicate-field',
    severity: 'error',
    description: 'The same key appears twice in one mapping.',
    help: 'Strict decoding rejects it; lenient decoding keeps only one of the values, silently. Merge the two entries.',
  },
  {
    id: 'netpol/wrong-type',
    severity: 'error',
    description: 'A value of the wrong JSON type for its field (e.g. a number where a string is expected).',
    help: 'The API server cannot decode the object at all. YAML pitfall: unquoted `true`, `yes`, `on`, `1` are booleans or numbers, not strings; quote label values.',
  },
  {
    id: 'netpol/unknown-api-version',
    severity: 'error',
    description: 'A NetworkPolicy whose apiVersion Kubernetes does not serve it in (only networking.k8s.io/v1).',
    help: 'kubectl refuses it ("no matches for kind"), and it is not analysed. Write `apiVersion: networking.k8s.io/v1` (`extensions/v1beta1` was removed in Kubernetes 1.16). NetworkPolicy kinds of other products (projectcalico.org/v3, cilium.io/v2) are not reported, only left out.',
  },
  {
    id: 'netpol/podselector-omitted',
    severity: 'warning',
    description: 'spec.podSelector is absent or null, so the policy selects every pod of its namespace.',
    help: 'The API server stores an omitted podSelector as `{}`: every pod of the namespace. Write `podSelector: {}` to say so on purpose, or a selector for the pods you mean. kubectl before 1.34 refuses the policy (its client-side schema said the field was required).',
  },
  // ObjectMeta.
  {
    id: 'netpol/invalid-name',
    severity: 'error',
    description: 'metadata.name (or generateName) is missing or not a DNS-1123 subdomain.',
    help: 'Names are at most 253 characters of lower-case letters, digits, `-` and `.`, starting and ending with a letter or digit.',
  },
  {
    id: 'netpol/invalid-namespace',
    severity: 'error',
    description: 'metadata.namespace is not a DNS-1123 label.',
    help: 'Namespace names are at most 63 characters of lower-case letters, digits and `-`, starting and ending with a letter or digit (no dots).',
  },
  {
    id: 'netpol/invalid-label-key',
    severity: 'error',
    description: 'A label key (metadata.labels, matchLabels, matchExpressions key) is not a valid qualified name.',
    help: 'A key is an optional DNS-subdomain prefix and `/`, then a name of 1-63 characters: letters, digits, `-`, `_`, `.`, starting and ending with a letter or digit.',
  },
  {
    id: 'netpol/invalid-label-value',
    severity: 'error',
    description: 'A label value (metadata.labels, matchLabels, matchExpressions values) is not a valid label value.',
    help: 'A value is empty or at most 63 characters: letters, digits, `-`, `_`, `.`, starting and ending with a letter or digit.',
  },
  {
    id: 'netpol/invalid-annotation-key',
    severity: 'error',
    description: 'An annotation key is not a valid qualified name (checked in lower case).',
    help: 'Annotation keys follow the label key rules, except that upper case is allowed.',
  },
  {
    id: 'netpol/annotations-too-long',
    severity: 'error',
    description: 'The annotations, keys and values together, are larger than 256 KiB.',
    help: 'Move large data out of annotations (e.g. into a ConfigMap).',
  },
  // Label selectors.
  {
    id: 'netpol/invalid-selector-operator',
    severity: 'error',
    description: 'A matchExpressions operator is not In, NotIn, Exists or DoesNotExist.',
    help: 'Operators are case-sensitive: `In`, not `in`.',
  },
  {
    id: 'netpol/selector-values-required',
    severity: 'error',
    description: 'A matchExpressions requirement with In or NotIn has no values.',
    help: 'List at least one value, or use Exists / DoesNotExist.',
  },
  {
    id: 'netpol/selector-values-forbidden',
    severity: 'error',
    description: 'A matchExpressions requirement with Exists or DoesNotExist lists values.',
    help: 'Remove `values`, or use In / NotIn.',
  },
  // Peers.
  {
    id: 'netpol/empty-peer',
    severity: 'error',
    description: 'A from/to peer sets none of podSelector, namespaceSelector, ipBlock.',
    help: 'A peer must say whom it matches. `- {}` or `- podSelector:` (null) is not "everyone": to allow all sources, omit `from`/`to`; to allow all pods of the namespace, write `podSelector: {}`.',
  },
  {
    id: 'netpol/ipblock-with-other-peer',
    severity: 'error',
    description: 'A peer combines ipBlock with podSelector or namespaceSelector.',
    help: 'ipBlock must stand alone in its peer; make it a separate list item (`- ipBlock: ...`).',
  },
  // Ports.
  {
    id: 'netpol/invalid-protocol',
    severity: 'error',
    description: 'A port protocol is not TCP, UDP or SCTP.',
    help: 'Protocols are case-sensitive: `TCP`, not `tcp`. Leave it out for TCP.',
  },
  {
    id: 'netpol/invalid-port',
    severity: 'error',
    description: 'A numeric port is outside 1-65535.',
    help: 'Use a port between 1 and 65535; leave `port` out to mean every port of the protocol.',
  },
  {
    id: 'netpol/invalid-port-name',
    severity: 'error',
    description: 'A named port is not a valid IANA service name.',
    help: 'At most 15 characters of a-z, 0-9 and `-`, at least one letter, no `--`, not starting or ending with `-`. A quoted number (`"80"`) is a name, not a number: unquote it.',
  },
  {
    id: 'netpol/invalid-end-port',
    severity: 'error',
    description: 'endPort without a numeric port, below port, or outside 1-65535.',
    help: '`endPort` makes the range `port..endPort`; it needs a numeric `port` not greater than it.',
  },
  // IP blocks.
  {
    id: 'netpol/invalid-cidr',
    severity: 'error',
    description: 'ipBlock.cidr is missing or not a valid CIDR (strict: leading zeros, IPv4-mapped IPv6, host bits set).',
    help: 'Write a network address with a prefix length, e.g. `10.0.0.0/16` or `2001:db8::/64`; a single address is `/32` (IPv4) or `/128` (IPv6).',
  },
  {
    id: 'netpol/invalid-except',
    severity: 'error',
    description: 'An ipBlock.except entry is not a valid CIDR or not a strict subset of cidr.',
    help: 'Each except must lie inside `cidr` and be smaller than it.',
  },
  {
    id: 'netpol/ambiguous-cidr',
    severity: 'warning',
    description: 'A CIDR with bits set beyond its prefix length (accepted only with lenient CIDR validation).',
    help: '`192.168.1.5/24` means `192.168.1.0/24` to the API server; write the network address, or `/32` for the single address.',
  },
  {
    id: 'netpol/non-standard-cidr',
    severity: 'warning',
    description: 'A CIDR with leading zeros or an IPv4-mapped IPv6 address (accepted only with lenient CIDR validation).',
    help: 'Leading zeros are read as octal by some software; write the CIDR the API server suggests.',
  },
  {
    id: 'netpol/non-canonical-cidr',
    severity: 'warning',
    description: 'An IPv6 CIDR not in RFC 5952 canonical form.',
    help: 'Use lower case and the shortest `::` form, e.g. `2001:db8::/64`.',
  },
  // Policy types.
  {
    id: 'netpol/invalid-policy-type',
    severity: 'error',
    description: 'A policyTypes entry is not Ingress or Egress.',
    help: 'Policy types are case-sensitive: `Ingress`, `Egress`.',
  },
  {
    id: 'netpol/too-many-policy-types',
    severity: 'error',
    description: 'policyTypes has more than two entries.',
    help: 'List each of `Ingress` and `Egress` at most once.',
  },
];

export const RULE_BY_ID: ReadonlyMap<string, RuleInfo> = new Map(RULES.map((r) => [r.id, r]));

export type RuleId = (typeof RULES)[number]['id'];
