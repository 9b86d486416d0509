// The side panel: a selected workload's peers (who reaches it, whom it
// reaches, with port sets), or one connection's explanation with links that
// open the policy YAML at the rule.
import type { DirectionJson, ExplainParams, ExplainResult, LinkLocation, RuleJson } from '../../../../server/src/features/connectivityProtocol';
import type { Selection, ViewGraph } from '../messages';
import { Child, clear, el } from './dom';

export interface SidePanelEvents {
  explain(request: ExplainParams): void;
  open(location: LinkLocation): void;
  select(selection: Selection): void;
  expand(namespace: string): void;
}

type Verdict = 'all' | 'none' | string[];

const portsText = (v: Verdict | undefined): string => (v === undefined ? '' : v === 'all' ? 'all ports' : v === 'none' ? 'nothing' : v.join(', '));

export class SidePanel {
  readonly element = el('aside', { class: 'side', 'aria-label': 'Details' });

  constructor(private readonly events: SidePanelEvents) {
    this.empty();
  }

  empty(): void {
    clear(this.element);
    this.element.removeAttribute('data-explained');
    this.element.append(el('p', { class: 'hint' }, 'Click a workload to see who reaches it and whom it reaches; click an arrow or a matrix cell to see why it is allowed.'));
  }

  /** A workload, `outside`, or a collapsed namespace (`ns/*`). */
  showNode(id: string, graph: ViewGraph): void {
    clear(this.element);
    this.element.removeAttribute('data-explained');
    const node = graph.model.nodes.find((n) => n.id === id);
    const title = node?.kind === 'namespace' ? `namespace ${node.namespace}` : node?.kind === 'ipblock' ? `ipBlock ${node.label}` : id;
    this.element.append(el('h2', {}, title));
    // Collapsed namespaces and ipBlocks are the picture's own nodes, and beside ipBlocks `outside` is the rest
    // of the address space (the matrix's is any address): their arrows are the model's.
    const restOutside = node?.kind === 'outside' && graph.model.nodes.some((n) => n.kind === 'ipblock');
    if (node?.kind === 'namespace' || node?.kind === 'ipblock' || restOutside) {
      if (node.kind === 'namespace') this.element.append(el('p', {}, `${node.members ?? 0} workloads, drawn as one node.`), this.button(`Expand ${node.namespace}`, () => this.events.expand(node.namespace!)));
      else if (node.kind === 'outside') this.element.append(el('p', { class: 'iso-note' }, 'Every address outside the cluster that is in no ipBlock drawn.'));
      else this.element.append(el('p', { class: 'iso-note' }, `${node.except?.length ? `Except ${node.except.join(', ')}. ` : ''}Addresses outside the cluster that a policy names; an arrow means some of them are allowed.`));
      const edges = graph.model.edges;
      this.element.append(
        this.list('Reached from', edges.filter((e) => e.to === id).map((e) => ({ key: e.from, ports: e.ports, select: { kind: 'edge', from: e.from, to: e.to } as Selection }))),
        this.list('Reaches', edges.filter((e) => e.from === id).map((e) => ({ key: e.to, ports: e.ports, select: { kind: 'edge', from: e.from, to: e.to } as Selection }))),
      );
      return;
    }
    const m = graph.matrix.matrix;
    if (!m[id]) {
      this.element.append(el('p', {}, 'Not in the matrix (filtered out, or no longer in the workspace).'));
      return;
    }
    if (node) {
      const iso = [node.isolated.ingress ? 'ingress' : '', node.isolated.egress ? 'egress' : ''].filter(Boolean);
      this.element.append(el('p', { class: 'iso-note' }, iso.length > 0 ? `Isolated for ${iso.join(' and ')}: only what policies allow gets through.` : 'Not isolated: no policy selects it, everything is allowed.'));
    }
    const others = graph.matrix.endpoints.map((e) => e.key).filter((k) => k !== id);
    const incoming = others.filter((k) => m[k]?.[id] !== undefined && m[k][id] !== 'none').map((k) => ({ key: k, ports: portsText(m[k][id]), select: { kind: 'edge', from: k, to: id } as Selection }));
    const outgoing = others.filter((k) => m[id][k] !== undefined && m[id][k] !== 'none').map((k) => ({ key: k, ports: portsText(m[id][k]), select: { kind: 'edge', from: id, to: k } as Selection }));
    this.element.append(this.list(`Reached from (${incoming.length})`, incoming), this.list(`Reaches (${outgoing.length})`, outgoing));
  }

  /** A collapsed edge: what it stands for, and how to see the pairs. */
  showAggregate(from: string, to: string, graph: ViewGraph): void {
    clear(this.element);
    this.element.removeAttribute('data-explained');
    const edge = graph.model.edges.find((e) => e.from === from && e.to === to);
    this.element.append(el('h2', {}, `${from} → ${to}`), el('p', {}, `${edge?.ports ?? ''}${edge?.count ? ` (${edge.count} workload pairs)` : ''}`));
    if (edge?.rules?.length) this.element.append(el('h4', {}, 'Allowed by'), el('ul', { class: 'edge-rules' }, ...edge.rules.map((r) => el('li', {}, r))));
    for (const id of [from, to]) if (id.endsWith('/*')) this.element.append(this.button(`Expand ${id.slice(0, -2)}`, () => this.events.expand(id.slice(0, -2))));
  }

  explaining(request: ExplainParams): void {
    clear(this.element);
    this.element.removeAttribute('data-explained');
    this.element.append(el('h2', {}, `${request.from} → ${request.to}`), el('p', { class: 'hint' }, 'Explaining…'));
  }

  showExplanation(request: ExplainParams, result: ExplainResult, graph?: ViewGraph): void {
    clear(this.element);
    this.element.append(el('h2', {}, `${request.from} → ${request.to}`));
    // The arrow's own rules (every port it allows), above the explanation of one port or all.
    const edge = graph?.model.edges.find((e) => e.from === request.from && e.to === request.to);
    if (edge?.rules?.length) this.element.append(el('p', { class: 'edge-rules' }, `Arrow: ${edge.ports}, allowed by ${edge.rules.join(', ')}`));
    this.element.append(this.portForm(request));
    if ('error' in result) {
      this.element.append(el('p', { class: 'error' }, result.error));
      this.element.setAttribute('data-explained', 'error');
      return;
    }
    const e = result.explanation;
    // An ipBlock is explained at one of its addresses (one the other end reaches, when there is one).
    for (const [asked, at] of [[request.from, e.from], [request.to, e.to]]) {
      if (graph?.model.nodes.find((n) => n.id === asked)?.kind === 'ipblock' && asked !== at) this.element.append(el('p', { class: 'hint' }, `${asked}: explained at ${at}, one of its addresses.`));
    }
    this.element.append(
      el('p', { class: `verdict ${e.allowed ? 'allowed' : 'denied'}` }, e.allowed ? 'Allowed' : 'Denied'),
      el('p', { class: 'summary' }, e.summary),
      e.port === null ? el('p', {}, `Allowed ports: ${portsText(e.allowedPorts)}`) : null,
      this.direction('Egress', e.egress),
      this.direction('Ingress', e.ingress),
    );
    this.element.setAttribute('data-explained', `${request.from}->${request.to}`);
  }

  private direction(title: string, d: DirectionJson): HTMLElement {
    const section = el('section', { class: 'direction' }, el('h3', {}, `${title}${d.applies ? '' : ' (not governed)'}`), el('p', {}, d.reason));
    if (d.policies.length > 0) section.append(el('p', {}, 'Policies: ', ...d.policies.flatMap((p, i) => [i > 0 ? ', ' : '', this.link(p.name, p)])));
    if (d.allowedBy.length > 0) section.append(el('h4', {}, 'Allowed by'), el('ul', {}, ...d.allowedBy.map((r) => this.rule(r))));
    else if (d.isolated) section.append(el('p', { class: 'none' }, 'No rule allows it.'));
    if (d.otherRules.length > 0) section.append(el('h4', {}, 'Other rules'), el('ul', {}, ...d.otherRules.map((r) => this.rule(r))));
    return section;
  }

  private rule(r: RuleJson): HTMLElement {
    const parts: Child[] = [this.link(`${r.rule} of ${r.policy}`, r), r.description ? ` — ${r.description}` : '', ` (${portsText(r.ports)})`];
    if (r.why) parts.push(el('div', { class: 'why' }, r.why));
    return el('li', {}, ...parts);
  }

  /** A link to a place in the workspace; plain text when there is none (cluster model). */
  private link(text: string, at: LinkLocation): HTMLElement {
    if (!at.uri) return el('span', {}, text);
    const file = decodeURIComponent(at.uri.split('/').pop() ?? at.uri);
    const a = el('a', { href: '#', class: 'link', 'data-uri': at.uri, 'data-line': at.line !== undefined ? String(at.line) : undefined, title: `Open ${file}${at.line ? ` at line ${at.line}` : ''}` }, text, el('span', { class: 'file' }, ` ${file}${at.line ? `:${at.line}` : ''}`));
    a.addEventListener('click', (ev) => {
      ev.preventDefault();
      this.events.open({ uri: at.uri, line: at.line, range: at.range });
    });
    return a;
  }

  private portForm(request: ExplainParams): HTMLElement {
    const input = el('input', { type: 'text', class: 'port-input', placeholder: 'every port (or TCP 3306)', 'aria-label': 'Port to explain', value: request.port !== undefined ? `${request.protocol ?? 'TCP'} ${request.port}` : '' });
    const form = el('form', { class: 'port-form' }, el('label', {}, 'Port: ', input), el('button', { type: 'submit' }, 'Explain'));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const m = /^\s*(?:(tcp|udp|sctp)\s+)?(\w[\w-]*)\s*$/i.exec(input.value);
      const next: ExplainParams = { from: request.from, to: request.to };
      if (m) {
        next.port = /^\d+$/.test(m[2]) ? Number(m[2]) : m[2];
        if (m[1]) next.protocol = m[1].toUpperCase();
      }
      this.events.explain(next);
    });
    return form;
  }

  private list(title: string, items: { key: string; ports: string; select: Selection }[]): HTMLElement {
    const section = el('section', { class: 'peers' }, el('h3', {}, title));
    if (items.length === 0) {
      section.append(el('p', { class: 'none' }, 'nothing'));
      return section;
    }
    section.append(
      el(
        'ul',
        {},
        ...items.map((i) => {
          const a = el('a', { href: '#', class: 'peer' }, i.key);
          a.addEventListener('click', (ev) => {
            ev.preventDefault();
            this.events.select(i.select);
          });
          return el('li', {}, a, el('span', { class: 'ports' }, ` ${i.ports}`));
        }),
      ),
    );
    return section;
  }

  private button(text: string, onClick: () => void): HTMLElement {
    const b = el('button', { type: 'button' }, text);
    b.addEventListener('click', onClick);
    return b;
  }
}
