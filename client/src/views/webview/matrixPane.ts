// The matrix tab: the same data as `netpol matrix` (sources as rows,
// destinations as columns), a cell per pair; a click explains that pair.
import type { MatrixJson } from '../../../../server/src/core/policy/engine/matrix';
import type { Selection } from '../messages';
import { clear, el } from './dom';

/** Beyond this many rows the table asks for a namespace filter. */
const MAX_ENDPOINTS = 120;

export class MatrixPane {
  readonly element = el('div', { class: 'matrix-pane' });

  constructor(private readonly select: (s: Selection) => void) {}

  show(matrix: MatrixJson, namespaces: string[] | undefined): void {
    clear(this.element);
    let endpoints = matrix.endpoints.filter((e) => e.kind === 'outside' || !namespaces || namespaces.length === 0 || namespaces.includes(e.namespace ?? ''));
    if (endpoints.length > MAX_ENDPOINTS) {
      this.element.append(el('p', { class: 'message' }, `${endpoints.length} endpoints: showing the first ${MAX_ENDPOINTS}; pick a namespace to see the rest.`));
      endpoints = endpoints.slice(0, MAX_ENDPOINTS);
    }
    const head = el('tr', {}, el('th', { class: 'corner' }, 'from \\ to'), ...endpoints.map((e) => el('th', { scope: 'col', title: e.key }, e.key)));
    const rows = endpoints.map((from) =>
      el(
        'tr',
        {},
        el('th', { scope: 'row' }, from.key),
        ...endpoints.map((to) => {
          const v = matrix.matrix[from.key]?.[to.key];
          if (v === undefined) return el('td', { class: 'na' }, '');
          const text = v === 'all' ? 'all' : v === 'none' ? '—' : v.join(', ');
          const cell = el('td', { class: `cell ${v === 'all' ? 'all' : v === 'none' ? 'none' : 'ports'}`, 'data-from': from.key, 'data-to': to.key, title: `${from.key} -> ${to.key}: ${v === 'none' ? 'denied' : text}` }, text);
          cell.addEventListener('click', () => this.select({ kind: 'edge', from: from.key, to: to.key }));
          return cell;
        }),
      ),
    );
    this.element.append(el('table', { class: 'matrix' }, el('thead', {}, head), el('tbody', {}, ...rows)));
  }
}
