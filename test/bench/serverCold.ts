// The real language server's cold start on a workspace: spawned over stdio
// as an editor does, initialized with the folder, timed until it logs that
// the workspace is indexed; then, when the server offers workspace-wide pull
// diagnostics (`workspace/diagnostic`), until it has answered with every
// file's diagnostics. Without that capability the caller adds the in-process
// cost of the checks.
import { spawn } from 'child_process';
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  createProtocolConnection,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { now } from './measure';

export const SERVER_PATH = path.resolve(__dirname, '../../../dist/server.js');

export interface ServerCold {
  /** Spawn to the "indexed N files" log. */
  indexedMs: number;
  /** Spawn to the answer of workspace/diagnostic, when the server has it. */
  diagnosticsMs?: number;
  diagnosticItems?: number;
}

/** `settings`: what the server gets for its `netpol` section (e.g. `{ rules: {...} }` to switch opt-in rules on); none means the defaults. */
export async function serverCold(root: string, timeoutMs = 600000, settings?: unknown): Promise<ServerCold> {
  const start = now();
  const child = spawn(process.execPath, [SERVER_PATH, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!), undefined);
  const indexed = new Promise<number>((resolve) => {
    connection.onNotification(LogMessageNotification.type, (p) => {
      if (/^indexed \d+ files/.test(p.message)) resolve(now() - start);
    });
  });
  // Settings requests (workspace/configuration): the given settings for `netpol`, else none (the defaults).
  connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map((i) => (settings !== undefined && i.section === 'netpol' ? settings : null)));
  for (const method of ['client/registerCapability', 'client/unregisterCapability', 'window/workDoneProgress/create', 'workspace/diagnostic/refresh', 'workspace/codeLens/refresh', 'workspace/inlayHint/refresh', 'workspace/semanticTokens/refresh']) {
    connection.onRequest(method, () => null);
  }
  connection.listen();
  const timer = setTimeout(() => child.kill(), timeoutMs);
  try {
    const uri = pathToFileURL(root).toString();
    const init = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: uri,
      workspaceFolders: [{ uri, name: path.basename(root) }],
      capabilities: { workspace: { configuration: true, workspaceFolders: true, diagnostics: { refreshSupport: true } }, window: { workDoneProgress: true }, textDocument: { diagnostic: { dynamicRegistration: false } } },
    });
    await connection.sendNotification(InitializedNotification.type, {});
    const indexedMs = await indexed;
    const provider = init.capabilities.diagnosticProvider as { workspaceDiagnostics?: boolean } | undefined;
    let result: ServerCold = { indexedMs };
    if (provider?.workspaceDiagnostics) {
      const report = (await connection.sendRequest('workspace/diagnostic', { previousResultIds: [] })) as { items: unknown[] };
      result = { indexedMs, diagnosticsMs: now() - start, diagnosticItems: report.items.length };
    }
    await connection.sendRequest(ShutdownRequest.type);
    await connection.sendNotification(ExitNotification.type);
    return result;
  } finally {
    clearTimeout(timer);
    connection.dispose();
    setTimeout(() => child.kill(), 2000).unref();
  }
}
