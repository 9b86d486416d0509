// netpol/namespace-selector-matches-nothing: a peer's namespaceSelector
// matches no namespace the workspace knows: Namespace objects with their
// labels, every namespace an object names (which has only the automatic
// `kubernetes.io/metadata.name` label), and the cluster model's namespaces
// (kube-system and the others every cluster has, plus the config's), which
// the index lists with the rest.
import type { Finding } from '../findings';
import { METADATA_NAME_LABEL, NamespaceInfo } from '../index/types';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import { compileSelector } from '../policy/labelSelector';
import { anyNamespaceMatches, selectorSitesOf } from '../policy/resolve';
import type { IndexCheck } from './check';
import { policiesOfFile } from './selectorScopes';
import { SelectorPool, unmatchedSelectorFindings } from './unmatchedSelector';

const CHECK_ID = 'netpol/namespace-selector-matches-nothing';

const SEVERITY = 'warning' as const;

export const namespaceSelectorMatchesNothing: IndexCheck = {
  id: CHECK_ID,
  defaultSeverity: SEVERITY,
  doc:
    'A peer\'s namespaceSelector matches no namespace of the workspace: neither a Namespace object\'s labels ' +
    'nor the automatic kubernetes.io/metadata.name label of a namespace that objects name ' +
    '(kube-system, kube-public, kube-node-lease and default always exist). ' +
    'The message names the nearest existing namespace label.',
  run(index: WorkspaceIndex, uri: string): Finding[] {
    const text = index.getFile(uri)?.text ?? '';
    const out: Finding[] = [];
    for (const policy of policiesOfFile(index, uri)) {
      for (const site of selectorSitesOf(policy.policy)) {
        if (site.role !== 'peerNamespace' || site.peer?.ipBlock) continue;
        const compiled = compileSelector(site.selector);
        if (compiled === null || anyNamespaceMatches(index, compiled)) continue;
        const pool: SelectorPool<NamespaceInfo> = {
          target: 'namespace',
          where: '',
          scopes: [{ name: '', table: index.namespaceLabels() }],
          others: [],
          members: () => index.namespaces(),
          labelsOf: (n) => n.labels,
          describe: (n) => `namespace ${n.name}`,
          ref: (n) => (n.definitions[0] ? { uri: n.definitions[0].uri, kind: 'Namespace', name: n.name, namespace: '' } : undefined),
          rank: () => 0,
        };
        const findings = unmatchedSelectorFindings(CHECK_ID, SEVERITY, policy, text, site.selector, pool);
        // Namespaces that no manifest labels are a common cause: say so.
        const anyLabels = index.namespaces().some((n) => [...n.labels.keys()].some((k) => k !== METADATA_NAME_LABEL));
        if (!anyLabels) for (const f of findings) f.message += `; no Namespace in the workspace has labels besides ${METADATA_NAME_LABEL}`;
        out.push(...findings);
      }
    }
    return out;
  },
};
