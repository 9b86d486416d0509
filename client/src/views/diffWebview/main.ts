// The connectivity-diff webview: renders the report it is sent as a table,
// with textContent only (names come from manifests: never markup), and asks
// the host to open a rule's line when its link is clicked.
import type { DiffChangeData, DiffHostMessage, DiffRuleData, DiffViewData, DiffWebviewMessage } from '../diffMessages';

declare function acquireVsCodeApi(): { postMessage(m: DiffWebviewMessage): void };
const vscode = acquireVsCodeApi();

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
}

const verdict = (v: DiffChangeData['before']) => (Array.isArray(v) ? v.join(', ') : v);

function ruleLink(r: DiffRuleData): HTMLElement {
  const item = el('li', undefined, `rule ${r.side}`);
  item.append(el('span', `${r.side} `, 'side'));
  const label = `${r.rule} of ${r.namespace}/${r.policy}`;
  if (r.file && r.range) {
    const a = el('a', `${r.file}:${r.line}`);
    a.href = '#';
    a.title = `Open ${r.file} at line ${r.line}${r.side === 'base' ? ' (base revision)' : ''}`;
    const { line, character } = r.range.start;
    a.addEventListener('click', (ev) => {
      ev.preventDefault();
      vscode.postMessage({ type: 'open', file: r.file!, side: r.side, line, character });
    });
    item.append(a, document.createTextNode(' '));
  }
  item.append(el('span', `${label} (${r.direction}, ${verdict(r.ports)})`));
  return item;
}

function endpoint(key: string, note?: string): HTMLElement {
  const td = el('td');
  td.append(el('code', key));
  if (note) td.append(el('span', ` ${note}`, 'note'));
  return td;
}

function row(c: DiffChangeData): HTMLTableRowElement {
  const tr = el('tr', undefined, `change ${c.change}${c.widens ? ' widens' : ''}${c.narrows ? ' narrows' : ''}`);
  tr.append(el('td', c.change, 'kind'), endpoint(c.from, c.fromNote), endpoint(c.to, c.toNote), el('td', verdict(c.before)), el('td', verdict(c.after)), el('td', c.delta, 'delta'));
  const rules = el('td');
  const list = el('ul', undefined, 'rules');
  for (const r of c.rules) list.append(ruleLink(r));
  for (const u of c.unrestricted ?? []) list.append(el('li', `${u}: not isolated`, 'open'));
  rules.append(list);
  tr.append(rules);
  return tr;
}

/** The server's drawing, parsed as SVG (never as HTML): names in it are escaped by the renderer, scripts could not run under the CSP anyway. */
function picture(svg: string): HTMLElement {
  const wrap = el('div', undefined, 'graph');
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  const root = doc.documentElement;
  if (root.nodeName === 'svg' && doc.getElementsByTagName('parsererror').length === 0) wrap.append(document.importNode(root, true));
  return wrap;
}

function render(data: DiffViewData): void {
  const app = document.getElementById('app')!;
  app.replaceChildren();
  app.append(el('h2', `Connectivity: ${data.base}${data.baseCommit ? ` (${data.baseCommit.slice(0, 12)})` : ''} → ${data.head}`));
  const count = (p: (c: DiffChangeData) => boolean) => data.changes.filter(p).length;
  const n = data.changes.length;
  app.append(el('p', n === 0 ? 'no connectivity changes' : `${n} change${n === 1 ? '' : 's'}: ${count((c) => c.change === 'added')} added, ${count((c) => c.change === 'removed')} removed, ${count((c) => c.change === 'changed')} changed; ${count((c) => c.widens)} widening, ${count((c) => c.narrows)} narrowing`, 'summary'));
  const notes = [...data.workloadsAdded.map((k) => `workload added: ${k}`), ...data.workloadsRemoved.map((k) => `workload removed: ${k}`), ...data.notes];
  if (notes.length > 0) {
    const ul = el('ul', undefined, 'notes');
    for (const note of notes) ul.append(el('li', note));
    app.append(ul);
  }
  if (n === 0) return;
  if (data.svg) app.append(picture(data.svg));
  const table = el('table', undefined, 'diff');
  const head = el('tr');
  for (const h of ['change', 'from', 'to', 'before', 'after', 'delta', 'rules']) head.append(el('th', h));
  table.append(el('thead'), el('tbody'));
  table.tHead!.append(head);
  for (const c of data.changes) table.tBodies[0].append(row(c));
  app.append(table);
}

window.addEventListener('message', (ev: MessageEvent<DiffHostMessage>) => {
  const m = ev.data;
  if (m?.type === 'show') render(m.data);
  else if (m?.type === 'error') document.getElementById('app')!.textContent = m.message;
});
vscode.postMessage({ type: 'ready' });
