// The files a code action edits, as the client will see them: an open
// document's current text and version, or a closed file's disk text (version
// `null`). A fix is offered only when that text is the one the index computed
// it on and verifyFix accepts it; its edits are then a versioned
// TextDocumentEdit, so a client refuses them once the document moved on.
import * as fs from 'fs';
import { TextDocumentEdit, TextEdit, WorkspaceEdit } from '../lsp/protocol';
import type { QuickFix } from '../core/edits/selectorFixes';
import { verifyFix } from '../core/edits/verifyFix';
import { exceedsSizeLimit } from '../core/index/indexedPath';
import type { WorkspaceIndex } from '../core/index/workspaceIndex';
import { withoutBom } from '../core/yaml/bom';
import type { Session } from '../lsp/session';
import { folderPath } from '../lsp/workspaceFiles';

export interface TargetText {
  text: string;
  /** The open document's version; `null` for a closed file. */
  version: number | null;
}

/** One per request: texts are read once. */
export class FixTargets {
  private readonly texts = new Map<string, TargetText | undefined>();

  constructor(
    private readonly session: Session,
    private readonly index: WorkspaceIndex,
  ) {}

  /** The text edits to `uri` apply to, when the index holds exactly that text. */
  textFor(uri: string): TargetText | undefined {
    if (!this.texts.has(uri)) this.texts.set(uri, this.read(uri));
    return this.texts.get(uri);
  }

  private read(uri: string): TargetText | undefined {
    const indexed = this.index.getFile(uri)?.text;
    if (indexed === undefined) return undefined;
    const open = this.session.documents.get(uri);
    if (open) return open.getText() === indexed ? { text: indexed, version: open.version } : undefined;
    const disk = readDisk(uri, this.session.settings.maxFileSizeKb);
    return disk === indexed ? { text: indexed, version: null } : undefined;
  }

  /** The fix as a WorkspaceEdit, or undefined when its file moved on or the edit does not verify. */
  verifiedEdit(fix: QuickFix): WorkspaceEdit | undefined {
    const target = this.textFor(fix.uri);
    const file = this.index.getFile(fix.uri);
    const analysis = this.index.fullAnalysis(fix.uri);
    if (!target || !file || !analysis || analysis.parsed.text !== target.text) return undefined;
    const problem = verifyFix(analysis, fix, file.options);
    if (problem) {
      this.session.log.info(`quick fix "${fix.title}" not offered: ${problem}`);
      return undefined;
    }
    const edits: TextEdit[] = fix.edits.map((e) => ({ range: analysis.parsed.lines.rangeOf(e.range), newText: e.newText }));
    if (this.session.clientCapabilities.workspace?.workspaceEdit?.documentChanges) {
      return { documentChanges: [TextDocumentEdit.create({ uri: fix.uri, version: target.version }, edits)] };
    }
    return { changes: { [fix.uri]: edits } };
  }
}

/** A closed file's text as the editor would open it; undefined when unreadable or over the size limit. */
function readDisk(uri: string, maxFileSizeKb: number): string | undefined {
  const file = folderPath(uri);
  if (!file) return undefined;
  try {
    // Synchronous: the answer must be computed on one state of the documents.
    if (exceedsSizeLimit(fs.statSync(file).size, maxFileSizeKb)) return undefined;
    return withoutBom(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}
