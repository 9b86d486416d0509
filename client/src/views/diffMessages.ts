// What the connectivity-diff panel and its webview say to each other. The
// host sends the server's report; the webview asks to open a rule's line.
// Shared by the extension (Node) and the webview script (browser).

export interface DiffRuleData {
  side: 'base' | 'head';
  direction: 'egress' | 'ingress';
  policy: string;
  namespace: string;
  rule: string;
  ports: 'all' | 'none' | string[];
  file?: string;
  line?: number;
  range?: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export interface DiffChangeData {
  change: 'added' | 'removed' | 'changed';
  from: string;
  to: string;
  before: 'all' | 'none' | string[];
  after: 'all' | 'none' | string[];
  widens: boolean;
  narrows: boolean;
  rules: DiffRuleData[];
  delta: string;
  fromNote?: string;
  toNote?: string;
  unrestricted?: string[];
  namespace: string;
}

export interface DiffViewData {
  base: string;
  head: string;
  baseCommit?: string;
  changes: DiffChangeData[];
  workloadsAdded: string[];
  workloadsRemoved: string[];
  notes: string[];
  /** The changed connections drawn by the server (core/graph SVG): added green, removed red, changed with both labels. */
  svg?: string;
}

/** Host -> webview. */
export type DiffHostMessage = { type: 'show'; data: DiffViewData } | { type: 'error'; message: string };

/** Webview -> host: open `file` (as the report names it) of `side` at a 0-based position. */
export type DiffWebviewMessage = { type: 'ready' } | { type: 'open'; file: string; side: 'base' | 'head'; line: number; character: number };
