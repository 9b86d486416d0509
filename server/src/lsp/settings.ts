// The `netpol.*` settings the server reads, with defaults for clients that
// send none. Input comes from the client, so it is validated field by field:
// a wrong value falls back to its default instead of breaking analysis.
import type { Severity } from '../core/findings';
import { qualifyRuleId } from '../core/suppressions';

export type RuleLevel = Severity | 'off';
/** `netpol.diagnostics.scope`: every indexed file in the Problems panel, or the open documents only. */
export type DiagnosticsScope = 'workspace' | 'openFiles';

export interface NetpolSettings {
  /** Globs (relative to a workspace folder) the workspace index skips. */
  exclude: string[];
  /** Files larger than this are not analysed. */
  maxFileSizeKb: number;
  /** Namespace of objects without `metadata.namespace` (and no kustomization namespace). */
  defaultNamespace: string;
  /** Strict CIDR validation (Kubernetes 1.36 default); lenient mode only warns. */
  strictCidr: boolean;
  /** Per-rule severity overrides, keyed by rule id (`netpol/invalid-port`). */
  rules: Record<string, RuleLevel>;
  diagnostics: { scope: DiagnosticsScope };
}

export const DEFAULT_SETTINGS: Readonly<NetpolSettings> = Object.freeze({
  exclude: [],
  maxFileSizeKb: 1024,
  defaultNamespace: 'default',
  strictCidr: true,
  rules: {},
  diagnostics: Object.freeze({ scope: 'workspace' as DiagnosticsScope }),
});

const LEVELS: readonly RuleLevel[] = ['error', 'warning', 'information', 'hint', 'off'];

/** Accepts whatever the client sent for the `netpol` section. */
export function normalizeSettings(raw: unknown): NetpolSettings {
  return mergeSettings({}, explicitSettings(raw));
}

/**
 * Only the fields the client sent with a valid value: the user's explicit
 * settings, which win over the project config. Garbage gives `{}`.
 */
export function explicitSettings(raw: unknown): Partial<NetpolSettings> {
  const r = isObject(raw) ? raw : {};
  const out: Partial<NetpolSettings> = {};
  if (Array.isArray(r.exclude)) out.exclude = r.exclude.filter((g): g is string => typeof g === 'string' && g.length > 0);
  if (typeof r.maxFileSizeKb === 'number' && Number.isFinite(r.maxFileSizeKb) && r.maxFileSizeKb > 0) out.maxFileSizeKb = r.maxFileSizeKb;
  if (typeof r.defaultNamespace === 'string' && r.defaultNamespace.trim() !== '') out.defaultNamespace = r.defaultNamespace.trim();
  if (typeof r.strictCidr === 'boolean') out.strictCidr = r.strictCidr;
  if (isObject(r.rules)) out.rules = normalizeRules(r.rules);
  if (isObject(r.diagnostics) && 'scope' in r.diagnostics) out.diagnostics = { scope: normalizeScope(r.diagnostics) };
  return out;
}

/**
 * Built-in defaults < the project config (`.netpol.yaml`) < the user's
 * explicit settings. Rules merge per rule id; excludes add up (a file
 * skipped by either is skipped).
 */
export function mergeSettings(project: Partial<NetpolSettings>, user: Partial<NetpolSettings>): NetpolSettings {
  const exclude = [...(project.exclude ?? []), ...(user.exclude ?? [])];
  return {
    exclude: [...new Set(exclude)],
    maxFileSizeKb: user.maxFileSizeKb ?? project.maxFileSizeKb ?? DEFAULT_SETTINGS.maxFileSizeKb,
    defaultNamespace: user.defaultNamespace ?? project.defaultNamespace ?? DEFAULT_SETTINGS.defaultNamespace,
    strictCidr: user.strictCidr ?? project.strictCidr ?? DEFAULT_SETTINGS.strictCidr,
    rules: { ...project.rules, ...user.rules },
    diagnostics: user.diagnostics ?? project.diagnostics ?? { scope: DEFAULT_SETTINGS.diagnostics.scope },
  };
}

function normalizeScope(raw: unknown): DiagnosticsScope {
  const scope = isObject(raw) ? raw.scope : undefined;
  return scope === 'openFiles' || scope === 'workspace' ? scope : DEFAULT_SETTINGS.diagnostics.scope;
}

function normalizeRules(raw: unknown): Record<string, RuleLevel> {
  const rules: Record<string, RuleLevel> = {};
  if (!isObject(raw)) return rules;
  for (const [id, level] of Object.entries(raw)) {
    const value = typeof level === 'string' ? level.toLowerCase() : level;
    // "info" is what people type; LSP calls it "information".
    const normalized = value === 'info' ? 'information' : value;
    if (LEVELS.includes(normalized as RuleLevel)) rules[qualifyRuleId(id)] = normalized as RuleLevel;
  }
  return rules;
}

export { qualifyRuleId };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
