// The project config file `.netpol.yaml`, as read by the CLI and the server.
// Every field is optional: absent means "keep the built-in default".
// Precedence: built-in defaults < this file < CLI flags / the user's
// `netpol.*` settings.
import type { ClusterConfig } from '../cluster/types';

export type RuleLevel = 'error' | 'warning' | 'information' | 'hint' | 'off';

export interface NetpolConfig {
  /** Rule id (with or without `netpol/`) -> severity or `off`. Keys are stored qualified (`netpol/...`). */
  rules?: Record<string, RuleLevel>;
  /** Globs relative to the config file's folder. */
  exclude?: string[];
  defaultNamespace?: string;
  strictCidr?: boolean;
  cluster?: ClusterConfig;
}

export const CONFIG_FILE_NAMES = ['.netpol.yaml', '.netpol.yml'] as const;
