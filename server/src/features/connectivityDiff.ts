// `netpol/diff`: the connectivity diff of a workspace folder's working tree
// against a git revision, for the editor's "Compare Connectivity with
// Branch..." command. The same core and git reading as `netpol diff`; rule
// locations come back as file uris (the working tree's file, plus the side
// the rule is from, so the client can open the base revision's copy).
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import { diffGraph } from '../core/diff';
import { ConnectivityGraph, layoutGraph, renderSvg } from '../core/graph';
import { buildDiffReport, DiffReport, diffOfSides } from '../cli/diffReport';
import { loadRevisionSides } from '../cli/diffSources';
import { UsageError } from '../core/usageError';
import type { Feature } from '../lsp/feature';
import type { Session } from '../lsp/session';

export const DIFF_REQUEST = 'netpol/diff';
/** Above this many changed connections the picture is left out: the table stays readable, a drawing would not. */
export const SVG_EDGE_LIMIT = 300;

export interface DiffParams {
  /** A branch, tag or commit. */
  base: string;
  /** Workspace folder uri (default: the first folder). */
  folder?: string;
  /** Compare with the merge base of base and HEAD. */
  mergeBase?: boolean;
}

export type DiffResult =
  | {
      ok: true;
      /** The folder compared, as a file uri. */
      folder: string;
      report: DiffReport;
      /** Notes of loading (files that failed to parse, config findings), prefixed with their side. */
      notes: string[];
      /** `file` of rules and rows (relative to the folder) -> file uri in the working tree. */
      uris: Record<string, string>;
      /** The changed connections as a graph (edges marked added/removed/changed), for the connectivity view. */
      graph: ConnectivityGraph;
      /** That graph drawn (core/graph's SVG, styled by GRAPH_CSS); absent above SVG_EDGE_LIMIT changes. */
      svg?: string;
    }
  | { ok: false; error: string };

export class ConnectivityDiffFeature implements Feature {
  readonly name = 'connectivity diff';

  register(session: Session): void {
    session.connection.onRequest(
      DIFF_REQUEST,
      session.guard<[DiffParams], DiffResult>('diff', { ok: false, error: 'netpol: internal error while computing the diff (see the NetworkPolicy Inspector output)' }, (params) => this.diff(session, params)),
    );
  }

  private async diff(session: Session, params: DiffParams): Promise<DiffResult> {
    if (!params || typeof params.base !== 'string' || params.base.trim() === '') return { ok: false, error: 'give a branch, tag or commit to compare with' };
    const folderUri = params.folder ?? session.workspaceFolders[0]?.uri;
    if (!folderUri) return { ok: false, error: 'open a folder first: the diff compares a workspace folder with a git revision' };
    let folder: string;
    try {
      folder = fileURLToPath(folderUri);
    } catch {
      return { ok: false, error: `${folderUri} is not a folder on disk` };
    }
    const notes: string[] = [];
    try {
      const sides = await loadRevisionSides(
        { paths: ['.'], base: params.base.trim(), mergeBase: params.mergeBase === true },
        // As `netpol diff` without flags: each revision's own .netpol.yaml decides (a revision may change it).
        { cwd: folder, err: (text) => notes.push(text.trimEnd()) },
      );
      for (const side of [sides.base, sides.head]) for (const note of side.workspace.notes) notes.push(`${side.name}: ${note}`);
      const diff = diffOfSides(sides);
      const report = buildDiffReport(sides, diff);
      const uris: Record<string, string> = {};
      const add = (file: string | undefined) => {
        if (file !== undefined && !(file in uris)) uris[file] = pathToFileURL(path.resolve(folder, file)).toString();
      };
      for (const c of report.changes) {
        add(c.at?.file);
        for (const r of c.rules) add(r.file);
      }
      const graph = diffGraph(diff);
      const svg = graph.edges.length > 0 && graph.edges.length <= SVG_EDGE_LIMIT ? renderSvg(layoutGraph(graph), { title: `Connectivity changes: ${report.base} → ${report.head}` }) : undefined;
      return { ok: true, folder: folderUri, report, notes, uris, graph, ...(svg ? { svg } : {}) };
    } catch (e) {
      if (e instanceof UsageError) return { ok: false, error: e.message };
      throw e;
    }
  }
}
