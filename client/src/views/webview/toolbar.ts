// The toolbar: namespace filter, port/protocol filter, collapse or expand
// namespaces, only isolated workloads, focus (cleared here), zoom, legend.
import type { ViewGraphOptions } from '../../../../server/src/features/connectivityProtocol';
import type { ViewGraph } from '../messages';
import { clear, el } from './dom';

export interface ToolbarEvents {
  options(options: ViewGraphOptions): void;
  zoom(factor: number | 'fit'): void;
}

export class Toolbar {
  readonly element = el('div', { class: 'toolbar', role: 'toolbar' });
  readonly status = el('span', { class: 'status', 'aria-live': 'polite' });
  private readonly legend = legend();

  constructor(private readonly events: ToolbarEvents) {}

  /** Rebuilt after every graph: the namespace list comes from the matrix. */
  show(options: ViewGraphOptions, graph: ViewGraph | undefined): void {
    clear(this.element);
    const set = (patch: Partial<ViewGraphOptions>) => this.events.options({ ...options, ...patch });
    const namespaces = [...new Set((graph?.matrix.endpoints ?? []).map((e) => e.namespace).filter((n): n is string => !!n))].sort();
    const nsSelect = el('select', { 'aria-label': 'Namespace', class: 'ns-filter' }, el('option', { value: '' }, 'All namespaces'), ...namespaces.map((n) => el('option', { value: n }, n)));
    nsSelect.value = options.namespaces?.[0] ?? '';
    nsSelect.addEventListener('change', () => set({ namespaces: nsSelect.value ? [nsSelect.value] : undefined }));
    const port = el('input', { type: 'text', class: 'port-filter', placeholder: 'port: TCP 3306, UDP 53', 'aria-label': 'Only connections allowing this port', value: options.port ?? '' });
    port.addEventListener('change', () => set({ port: port.value.trim() || undefined }));
    const isolated = el('input', { type: 'checkbox', class: 'isolated-only' });
    isolated.checked = options.isolatedOnly === true;
    isolated.addEventListener('change', () => set({ isolatedOnly: isolated.checked || undefined }));
    const collapsed = graph?.model.collapsed === true;
    this.element.append(...[
      nsSelect,
      port,
      this.button(collapsed ? 'Expand namespaces' : 'Collapse namespaces', () => set(collapsed ? { collapse: 'none', expand: undefined } : { collapse: 'all', expand: undefined }), 'collapse-toggle'),
      el('label', { class: 'check' }, isolated, ' Only isolated'),
      options.focus ? this.button(`Focus: ${options.focus} ✕`, () => set({ focus: undefined }), 'focus-chip') : null,
      this.button('−', () => this.events.zoom(1 / 1.25), 'zoom-out', 'Zoom out'),
      this.button('Fit', () => this.events.zoom('fit'), 'zoom-fit', 'Fit to width'),
      this.button('+', () => this.events.zoom(1.25), 'zoom-in', 'Zoom in'),
      this.button('Legend', () => this.legend.classList.toggle('hidden'), 'legend-toggle'),
      this.status,
      this.legend,
    ].filter((e): e is HTMLElement => e !== null));
  }

  private button(text: string, onClick: () => void, cls: string, title?: string): HTMLButtonElement {
    const b = el('button', { type: 'button', class: cls, title });
    b.textContent = text;
    b.addEventListener('click', onClick);
    return b;
  }
}

function legend(): HTMLElement {
  const row = (swatch: string, text: string) => el('li', {}, el('span', { class: `swatch ${swatch}` }), text);
  return el(
    'div',
    { class: 'legend hidden', role: 'note' },
    el(
      'ul',
      {},
      row('sw-group', 'A box is a namespace; its workloads are drawn inside (one node when collapsed: double-click to expand).'),
      row('sw-edge', 'An arrow is an allowed connection, labelled with its ports; a denied pair has no arrow.'),
      row('sw-iso-in', 'A bar on the left: isolated for ingress (a policy selects it).'),
      row('sw-iso-out', 'A bar on the right: isolated for egress.'),
      row('sw-outside', 'Rounded, left of the namespaces: the ipBlocks policies name (CIDR, except list), and "outside": every other address outside the cluster.'),
      row('sw-edge', 'Hover an arrow for the rules that allow it; click it for the explanation.'),
    ),
  );
}
