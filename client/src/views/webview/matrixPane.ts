// The matrix tab: the same data as `netpol matrix` (sources as rows,
// destinations as columns), a cell per pair; a click explains that pair.
// Built only while the tab is shown: up to 120 x 120 cells is a few hundred
// ms of DOM work that would otherwise stand between a graph and its picture.
import type { MatrixJson } from '../../../../server/src/core/policy/engine/matrix';
import type { Selection } from '../messages';
import { clear, el } from './dom';

/** Beyond this many rows the table asks for a namespace filter. */
const MAX_ENDPOINTS = 120;

export class MatrixPane {
  readonly element = el('div', { class: 'matrix-pane' });
  private data: { matrix: MatrixJson; namespaces: string[] | undefined } | undefined;
  /** The table on screen is for `data` (else it is built when the tab is shown). */
  private built = false;
  private visible = false;

  constructor(select: (s: Selection) => void) {
    // One listener for every cell.
    this.element.addEventListener('click', (e) => {
      const cell = (e.target as Element | null)?.closest?.('td.cell');
      const from = cell?.getAttribute('data-from');
      const to = cell?.getAttribute('data-to');
      if (from && to) select({ kind: 'edge', from, to });
    });
  }

  show(matrix: MatrixJson, namespaces: string[] | undefined): void {
    this.data = { matrix, namespaces };
    this.built = false;
    if (this.visible) this.build();
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.element.classList.toggle('hidden', !visible);
    if (visible && !this.built) this.build();
  }

  private build(): void {
    clear(this.element);
    this.built = true;
    if (!this.data) return;
    const { matrix, namespaces } = this.data;
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
          return el('td', { class: `cell ${v === 'all' ? 'all' : v === 'none' ? 'none' : 'ports'}`, 'data-from': from.key, 'data-to': to.key, title: `${from.key} -> ${to.key}: ${v === 'none' ? 'denied' : text}` }, text);
        }),
      ),
    );
    this.element.append(el('table', { class: 'matrix' }, el('thead', {}, head), el('tbody', {}, ...rows)));
  }
}
