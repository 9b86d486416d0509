// What the CLI knows about each rule id, for SARIF `tool.driver.rules` and
// docs. Sources add their rules here; an id nobody described still works
// (its description is the id itself), so a new check never breaks the output.
import type { Severity } from './findings';
import { RULES as VALIDATION_RULES, RuleInfo } from './policy/validation/rules';
import { INDEX_CHECKS, IndexCheck } from './checks';

export interface RuleDoc {
  id: string;
  /** One line. */
  shortDescription: string;
  /** A paragraph; defaults to the short description. */
  fullDescription?: string;
  /** How to fix it; defaults to the full description. */
  help?: string;
  defaultSeverity: Severity;
  /** Runs only when the user gives it a level. */
  offByDefault?: boolean;
}

/** Rules raised by the YAML layer and the pipeline itself (core/yaml, core/model, core/analyze). */
export const CORE_RULES: readonly RuleDoc[] = [
  {
    id: 'netpol/yaml-syntax',
    shortDescription: 'The file is not valid YAML.',
    fullDescription: 'The YAML parser rejected this part of the file; kubectl would refuse the whole file. Other documents in the same file are still checked.',
    help: 'Fix the YAML syntax at the marked position (indentation, a missing colon, an unclosed quote or bracket).',
    defaultSeverity: 'error',
  },
  {
    id: 'netpol/json-syntax',
    shortDescription: 'A JSON manifest is not valid JSON.',
    fullDescription: 'A `*.json` file that holds Kubernetes objects (a top-level `apiVersion` or `kind`) has a syntax error; the message is the one kubectl gives (Go\'s encoding/json), at the offending character. Nothing else in the file is checked until it parses.',
    help: 'Fix the JSON at the marked position (a trailing comma, a missing quote, comma or bracket; comments are not allowed).',
    defaultSeverity: 'error',
  },
  {
    id: 'netpol/list-item-missing-kind',
    shortDescription: 'An item of a `kind: List` without `kind` or `apiVersion`.',
    fullDescription: 'A plain `List` holds objects of any kind, so each item must say its own `kind` and `apiVersion` (typed lists such as `PodList` give theirs to their items). kubectl refuses the whole list ("Object \'Kind\' is missing"); the item is not analysed.',
    help: 'Add `kind:` and `apiVersion:` to the item, or use the typed list (`kind: PodList`) when every item is of one kind.',
    defaultSeverity: 'error',
  },
  {
    id: 'netpol/yaml-too-deep',
    shortDescription: 'YAML collections are nested too deeply to analyse.',
    fullDescription: 'Block or flow collections (`- - -`, `a:` chains, `[[[`, `{{{`) nested hundreds of levels deep can exhaust the parser, so the file is refused instead of analysed.',
    help: 'Flatten the nesting; no Kubernetes manifest needs it.',
    defaultSeverity: 'error',
  },
  {
    id: 'netpol/yaml-alias-limit',
    shortDescription: 'Too many YAML alias expansions.',
    fullDescription: 'The document expands YAML aliases (`*name`, `<<: *base`) more times than the safety limit; the rest of the document was not read.',
    help: 'Reduce the number of alias expansions, or split the document.',
    defaultSeverity: 'error',
  },
  {
    id: 'netpol/invalid-config',
    shortDescription: 'The project config (.netpol.yaml) has an unknown field or a wrong value.',
    fullDescription: 'A field of `.netpol.yaml` is unknown, has the wrong type, or holds a value the tools cannot use (an unknown severity or DNS preset, an invalid label, a bad port). The field is ignored; the rest of the config still applies.',
    help: 'Fix the field at the marked position; the message lists the allowed fields or values. The JSON Schema (schemas/netpol-config.schema.json) completes and validates the file in editors.',
    defaultSeverity: 'error',
  },
  {
    id: 'netpol/yaml-alias-cycle',
    shortDescription: 'A YAML alias inside the node it refers to.',
    fullDescription: 'An alias such as `labels: &self {<<: *self}` names the node that contains it, so expanding it never ends; the API server refuses it. The alias is not followed; the rest of the object is read.',
    help: 'Point the alias at an anchor defined before (and outside) the node that uses it.',
    defaultSeverity: 'error',
  },
  {
    id: 'netpol/internal-error',
    shortDescription: 'netpol-inspector could not analyse this object.',
    fullDescription: 'An internal error stopped the analysis of this object. The manifest may be fine; please report it with the file.',
    help: 'Report the problem with the manifest that triggers it.',
    defaultSeverity: 'warning',
  },
];

export class RuleRegistry {
  private readonly docs = new Map<string, RuleDoc>();

  constructor(...sources: ReadonlyArray<readonly RuleDoc[]>) {
    for (const source of sources) for (const doc of source) this.docs.set(doc.id, doc);
  }

  /** The doc of `id`; an unknown id describes itself. */
  get(id: string, severity: Severity = 'warning'): RuleDoc {
    return this.docs.get(id) ?? { id, shortDescription: id, defaultSeverity: severity };
  }

  has(id: string): boolean {
    return this.docs.has(id);
  }

  /** Every known rule, sorted by id. */
  all(): RuleDoc[] {
    return [...this.docs.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}

/** The validation catalogue (core/policy/validation/rules.ts) in the CLI's shape. */
export function fromValidationRules(rules: readonly RuleInfo[]): RuleDoc[] {
  return rules.map((r) => ({ id: r.id, shortDescription: r.description, help: r.help, defaultSeverity: r.severity }));
}

/** The workspace checks (core/checks) in the CLI's shape: the first sentence of the doc is the short description. */
export function fromIndexChecks(checks: readonly IndexCheck[]): RuleDoc[] {
  return checks.map((c) => {
    const first = /^.*?[.;](\s|$)/.exec(c.doc)?.[0].trim().replace(/;$/, '.') ?? c.doc;
    const doc: RuleDoc = { id: c.id, shortDescription: first, fullDescription: c.doc, defaultSeverity: c.defaultSeverity };
    if (c.offByDefault) doc.offByDefault = true;
    return doc;
  });
}

/** The registry the commands use: every rule source the CLI runs. */
export function defaultRules(): RuleRegistry {
  return new RuleRegistry(CORE_RULES, fromValidationRules(VALIDATION_RULES), fromIndexChecks(INDEX_CHECKS));
}
