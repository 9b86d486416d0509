// The project config `.netpol.yaml` in the editor: found in (or above) the
// workspace folders, read before the first diagnostics, merged under the
// user's explicit settings, and read again when it changes on disk or in the
// editor (debounced), which re-checks the workspace. Its findings are
// diagnostics on the config file itself. A broken config never stops the
// server: it keeps the last good config (or the defaults) and says why.
//
// One config applies to the session: the one of the first workspace folder
// that has one (the settings are per session, not per folder). Other
// folders' configs are validated when open, and named in the log.
import * as fs from 'fs';
import * as path from 'path';
import { DidChangeWatchedFilesNotification, Disposable } from '../lsp/protocol';
import { buildClusterModel } from '../core/cluster/build';
import { rebaseExcludes } from '../core/config/excludes';
import { findConfigFile, isConfigFileName } from '../core/config/find';
import { ConfigParseResult, parseConfig } from '../core/config/parse';
import type { NetpolConfig } from '../core/config/types';
import type { Finding } from '../core/findings';
import { applyRuleLevels } from '../core/ruleLevels';
import { applySuppressions } from '../core/suppressions';
import { withoutBom } from '../core/yaml/bom';
import { defaultRules } from '../core/ruleRegistry';
import { Debouncer } from '../lsp/debouncer';
import { pathOf } from '../lsp/documents';
import type { Feature } from '../lsp/feature';
import type { Session } from '../lsp/session';
import type { NetpolSettings } from '../lsp/settings';
import { toDiagnostics } from '../lsp/toDiagnostic';
import { diskUri, folderPath, relativeToFolders } from '../lsp/workspaceFiles';
import type { DiagnosticsFeature } from './diagnostics';
import type { Workspace } from './workspace';

/** Edits of an open config are applied this long after the last keystroke. */
export const CONFIG_DEBOUNCE_MS = 150;

const NODE_FS = {
  isFile: (p: string) => {
    try {
      return fs.statSync(p).isFile();
    } catch {
      return false;
    }
  },
  exists: (p: string) => fs.existsSync(p),
};

interface ActiveConfig {
  fsPath: string;
  uri: string;
  /** The first workspace folder it applies to (excludes are rebased onto it). */
  folder: string;
}

export class ProjectConfigFeature implements Feature {
  readonly name = 'project config';
  private session!: Session;
  private readonly debouncer = new Debouncer();
  private active: ActiveConfig | undefined;
  /** The last config that could be used, kept while the file is broken. */
  private lastGood: { uri: string; config: NetpolConfig } | undefined;
  /** Config files not open in the editor whose diagnostics this feature published. */
  private readonly published = new Set<string>();
  private knownRuleIds: string[] | undefined;
  private reloading: Promise<void> = Promise.resolve();
  /** A watcher for a config above every workspace folder (the `**` watchers do not reach it). */
  private outsideWatch: { dir: string; registration: Promise<Disposable | undefined> } | undefined;

  constructor(
    private readonly workspace: Workspace,
    private readonly diagnostics: DiagnosticsFeature,
  ) {}

  register(session: Session): void {
    this.session = session;
    this.workspace.attach(session);
    session.addStartupTask(() => this.reload('start'));
    const { documents } = session;
    documents.onDidChangeContent(
      session.guardVoid('config: change', (e) => {
        if (isConfigFileName(pathOf(e.document.uri))) this.debouncer.schedule('reload', CONFIG_DEBOUNCE_MS, () => void this.reload('edited'));
      }),
    );
    // Closing drops the editor's text: the disk copy applies again.
    documents.onDidClose(
      session.guardVoid('config: close', (e) => {
        if (isConfigFileName(pathOf(e.document.uri))) void this.reload('closed');
      }),
    );
    session.onDidChangeWatchedFiles(
      session.guardVoid('config: watched files', (events) => {
        if (events.some((e) => isConfigFileName(pathOf(e.uri)))) void this.reload('changed on disk');
      }),
    );
    session.onDidChangeWorkspaceFolders(session.guardVoid('config: folders', () => void this.reload('workspace folders changed')));
    this.diagnostics.addFileFindings((uri, text, known) => this.findingsOf(uri, text, known));
  }

  dispose(): void {
    this.debouncer.dispose();
    void this.outsideWatch?.registration.then((d) => d?.dispose());
  }

  /** Reloads run one after the other, so an older read never lands after a newer one. */
  private reload(reason: string): Promise<void> {
    this.reloading = this.reloading.then(() => this.load(reason)).catch((e) => this.session.log.error(`reading the project config failed (${reason}); keeping the previous one`, e));
    return this.reloading;
  }

  private async load(reason: string): Promise<void> {
    const previous = this.active;
    this.active = this.locate();
    const active = this.active;
    if (previous && previous.uri !== active?.uri) await this.unpublish(previous.uri);
    this.watchOutside(active);
    if (!active) {
      if (previous) this.session.log.info(`project config: ${previous.fsPath} no longer applies (${reason}); using the defaults`);
      this.lastGood = undefined;
      this.apply(undefined);
      return;
    }
    const text = this.textOf(active);
    if (text === undefined) {
      this.session.log.warn(`project config: cannot read ${active.fsPath}; using the defaults`);
      this.lastGood = undefined;
      this.apply(undefined);
      return;
    }
    const parsed = this.parse(text);
    if (parsed.usable) {
      this.lastGood = { uri: active.uri, config: parsed.config };
      this.session.log.info(`project config: ${active.fsPath} read (${reason})`);
    } else {
      const kept = this.lastGood?.uri === active.uri ? 'keeping its last good version' : 'using the defaults';
      this.session.log.warn(`project config: ${active.fsPath} cannot be used (${parsed.findings.length} problem(s)); ${kept}`);
      if (this.lastGood?.uri !== active.uri) this.lastGood = undefined;
    }
    this.apply(this.lastGood && { ...active, config: this.lastGood.config });
    await this.publishFromDisk(active.uri, parsed);
  }

  /** The first workspace folder's config (searched upward); the others are logged. */
  private locate(): ActiveConfig | undefined {
    let found: ActiveConfig | undefined;
    for (const folder of this.session.workspaceFolders) {
      const dir = folderPath(folder.uri);
      if (!dir) continue;
      const fsPath = findConfigFile(dir, NODE_FS);
      if (!fsPath) continue;
      if (!found) found = { fsPath, uri: diskUri(fsPath), folder: dir };
      else if (found.fsPath !== fsPath) this.session.log.info(`project config: ${fsPath} (folder ${dir}) is not applied: the session uses ${found.fsPath}, the first folder's`);
    }
    return found;
  }

  /**
   * A config found above the workspace folders (a monorepo opened at a
   * subfolder) is watched with a relative pattern, when the client can.
   */
  private watchOutside(active: ActiveConfig | undefined): void {
    const folders = this.session.workspaceFolders.map((f) => folderPath(f.uri)).filter((p): p is string => p !== undefined);
    const outside = active && relativeToFolders(active.uri, folders) === undefined ? path.dirname(active.fsPath) : undefined;
    if (outside === this.outsideWatch?.dir) return;
    void this.outsideWatch?.registration.then((d) => d?.dispose());
    this.outsideWatch = undefined;
    const watched = this.session.clientCapabilities.workspace?.didChangeWatchedFiles;
    if (!outside || !watched?.dynamicRegistration || !watched.relativePatternSupport) return;
    const watchers = [{ globPattern: { baseUri: diskUri(outside), pattern: '.netpol.{yaml,yml}' } }];
    const registration = this.session.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers }).catch((e: unknown) => {
      this.session.log.warn(`project config: cannot watch ${outside}: ${(e as Error).message}`);
      return undefined;
    });
    this.outsideWatch = { dir: outside, registration };
  }

  /** The open document's text when the config is open, else the disk's. */
  private textOf(active: ActiveConfig): string | undefined {
    const open = this.session.documents.get(active.uri);
    if (open) return open.getText();
    try {
      return withoutBom(fs.readFileSync(active.fsPath, 'utf8'));
    } catch {
      return undefined;
    }
  }

  /** Project settings, then the cluster model; both re-check the workspace. */
  private apply(active: (ActiveConfig & { config: NetpolConfig }) | undefined): void {
    const config = active?.config ?? {};
    const project: Partial<NetpolSettings> = {};
    if (config.rules) project.rules = config.rules;
    if (config.exclude && active) project.exclude = rebaseExcludes(config.exclude, path.dirname(active.fsPath), active.folder);
    if (config.defaultNamespace !== undefined) project.defaultNamespace = config.defaultNamespace;
    if (config.strictCidr !== undefined) project.strictCidr = config.strictCidr;
    try {
      this.workspace.index().setClusterModel(buildClusterModel(config.cluster), active?.uri);
    } catch (e) {
      this.session.log.error('project config: the cluster model could not be built; keeping the previous one', e);
    }
    this.session.setProjectSettings(project);
    // The settings may be unchanged while the cluster model changed: re-check anyway.
    this.diagnostics.refreshAll();
  }

  private parse(text: string): ConfigParseResult {
    this.knownRuleIds ??= defaultRules().all().map((r) => r.id);
    return parseConfig(text, { knownRuleIds: this.knownRuleIds });
  }

  /** Diagnostics of an indexed config file, open or not (any `.netpol.yaml`, applied or not). */
  private findingsOf(uri: string, text: string, known: readonly Finding[]): Finding[] {
    if (!isConfigFileName(pathOf(uri))) return [];
    const own = this.parse(text).findings;
    // YAML syntax errors are in the file's own analysis already.
    const seen = new Set(known.map(key));
    return own.filter((f) => !seen.has(key(f)));
  }

  /** A config that is not open still shows its problems. */
  private async publishFromDisk(uri: string, parsed: ConfigParseResult): Promise<void> {
    // Inside a workspace folder the index holds it: its diagnostics come with every other file's.
    if (this.session.documents.get(uri) || this.workspace.indexer.isInWorkspace(uri)) return;
    const findings = applyRuleLevels(applySuppressions(parsed.findings, parsed.text, parsed.lines), this.session.settings.rules);
    if (findings.length === 0 && !this.published.has(uri)) return;
    if (findings.length > 0) this.published.add(uri);
    else this.published.delete(uri);
    await this.session.connection.sendDiagnostics({ uri, diagnostics: toDiagnostics(findings, parsed.lines) });
  }

  private async unpublish(uri: string): Promise<void> {
    if (!this.published.delete(uri) || this.session.documents.get(uri)) return;
    await this.session.connection.sendDiagnostics({ uri, diagnostics: [] });
  }
}

function key(f: Finding): string {
  return `${f.ruleId}|${f.range.start}|${f.range.end}|${f.message}`;
}
