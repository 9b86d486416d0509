// The SVG from the server's renderer (trusted: it escapes every name),
// parsed as image/svg+xml and adopted into the page; clicks on nodes,
// edges and namespace boxes are found through their data- attributes.
import type { Selection } from '../messages';
import { clear, el } from './dom';

/** Fitting never shrinks the picture below this: labels stay legible (scroll for the rest). */
const MIN_FIT = 0.5;

export interface GraphPaneEvents {
  select(selection: Selection): void;
  /** A collapsed namespace's node was double-clicked. */
  expand(namespace: string): void;
}

export class GraphPane {
  readonly element = el('div', { class: 'graph-pane', tabindex: '0' });
  private svg: SVGSVGElement | undefined;
  private base = { width: 0, height: 0 };
  private scale = 1;
  /** Until the user zooms, each graph is fitted to the pane's width (not below MIN_FIT). */
  private userZoomed = false;

  constructor(private readonly events: GraphPaneEvents) {
    this.element.addEventListener('click', (e) => {
      const hit = this.hit(e.target);
      if (hit) this.events.select(hit);
    });
    this.element.addEventListener('dblclick', (e) => {
      const node = (e.target as Element | null)?.closest?.('[data-node]');
      const id = node?.getAttribute('data-node');
      if (id && id.endsWith('/*')) this.events.expand(id.slice(0, -2));
    });
  }

  show(svgText: string): void {
    clear(this.element);
    const doc = new DOMParser().parseFromString(svgText, 'image/svg+xml');
    const root = doc.documentElement;
    if (root.nodeName !== 'svg' || doc.getElementsByTagName('parsererror').length > 0) {
      this.element.append(el('p', { class: 'message' }, 'The graph could not be drawn.'));
      this.svg = undefined;
      return;
    }
    this.svg = document.importNode(root, true) as unknown as SVGSVGElement;
    this.base = { width: Number(this.svg.getAttribute('width')) || 0, height: Number(this.svg.getAttribute('height')) || 0 };
    this.element.append(this.svg);
    if (this.userZoomed) this.applyScale();
    else this.fit();
  }

  zoom(factor: number | 'fit'): void {
    if (factor === 'fit') {
      this.userZoomed = false;
      return this.fit();
    }
    this.userZoomed = true;
    this.scale = Math.max(0.1, Math.min(4, this.scale * factor));
    this.applyScale();
  }

  private fit(): void {
    const w = this.element.clientWidth - 16;
    this.scale = this.base.width > 0 && w > 0 ? Math.max(MIN_FIT, Math.min(1, w / this.base.width)) : 1;
    this.applyScale();
  }

  /** Marks the selected node or edge (class `selected`). */
  highlight(selection: Selection | undefined): void {
    if (!this.svg) return;
    for (const e of Array.from(this.svg.querySelectorAll('.selected'))) e.classList.remove('selected');
    if (!selection) return;
    const match = (attr: string, value: string) => Array.from(this.svg!.querySelectorAll(`[${attr}]`)).find((e) => e.getAttribute(attr) === value);
    const target = selection.kind === 'node' ? match('data-node', selection.id) : match('data-edge', `${selection.from}->${selection.to}`);
    target?.classList.add('selected');
  }

  private applyScale(): void {
    if (!this.svg || this.base.width === 0) return;
    this.svg.setAttribute('width', String(Math.round(this.base.width * this.scale)));
    this.svg.setAttribute('height', String(Math.round(this.base.height * this.scale)));
  }

  private hit(target: EventTarget | null): Selection | undefined {
    const t = target as Element | null;
    if (!t?.closest) return undefined;
    const edge = t.closest('[data-edge]')?.getAttribute('data-edge');
    if (edge) {
      const at = edge.indexOf('->');
      if (at > 0) return { kind: 'edge', from: edge.slice(0, at), to: edge.slice(at + 2) };
    }
    const node = t.closest('[data-node]')?.getAttribute('data-node');
    if (node) return { kind: 'node', id: node };
    const group = t.closest('[data-group]')?.getAttribute('data-group');
    if (group) return { kind: 'node', id: `${group}/*` };
    return undefined;
  }
}
