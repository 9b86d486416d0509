// Placeholder entry point, replaced by the validation module.
import type { Document } from 'yaml';
import type { Finding } from '../../findings';
import type { NetworkPolicy } from '../../model/types';

export interface ValidationOptions {
  /** Strict CIDR validation (default on from Kubernetes 1.36); lenient mode only warns. */
  strictCidr?: boolean;
}

export function validateNetworkPolicy(_policy: NetworkPolicy, _doc: Document.Parsed, _options: ValidationOptions = {}): Finding[] {
  return [];
}
