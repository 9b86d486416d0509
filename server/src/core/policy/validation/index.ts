// API-server validation of one networking.k8s.io/v1 NetworkPolicy: first what
// the strict decoder rejects (structure), then ValidateNetworkPolicy on create
// (metadata, then spec), each finding on the YAML node at fault.
import type { Document } from 'yaml';
import type { Finding } from '../../findings';
import { newContext } from '../../model/node';
import type { NetworkPolicy } from '../../model/types';
import { validateMeta } from './meta';
import { RawTree } from './raw';
import { Report } from './report';
import { validateSpec } from './spec';
import { checkStructure } from './structure';

export interface ValidationOptions {
  /** Strict CIDR validation (default on from Kubernetes 1.36); lenient mode only warns. */
  strictCidr?: boolean;
}

export function validateNetworkPolicy(policy: NetworkPolicy, doc: Document.Parsed, options: ValidationOptions = {}): Finding[] {
  const ctx = newContext(doc);
  const structure = new Report(false);
  checkStructure(policy, ctx, structure);
  const validation = new Report(true);
  const raw = new RawTree(policy.node, ctx);
  validateMeta(policy, raw, ctx, validation);
  validateSpec(policy, raw, { strictCidr: options.strictCidr ?? true }, validation);
  // An alias bomb leaves nulls where values were: the extractor reports it, and guesses help nobody.
  if (ctx.aliasBudgetExceeded) return [];
  return [...structure.findings, ...validation.findings];
}

export { RULES, RULE_BY_ID } from './rules';
export type { RuleInfo } from './rules';
