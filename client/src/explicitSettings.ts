// Answers the server's workspace/configuration for `netpol` with the values
// the user set explicitly (user, workspace or folder settings), leaving out
// the defaults of package.json: the server puts the project config
// (.netpol.yaml) between its defaults and these, so a default must not hide
// the file's value.
import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';

/** The settings the server reads; `trace.server` is the client's own. */
const KEYS = ['exclude', 'maxFileSizeKb', 'defaultNamespace', 'strictCidr', 'rules'] as const;

export function explicitNetpolSettings(scope?: vscode.Uri): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration('netpol', scope);
  const out: Record<string, unknown> = {};
  for (const key of KEYS) {
    const inspected = config.inspect(key);
    if (!inspected) continue;
    const levels = [inspected.globalValue, inspected.workspaceValue, inspected.workspaceFolderValue].filter((v) => v !== undefined);
    if (levels.length === 0) continue;
    // Objects (rules) merge across levels as VS Code merges them; other values: the narrowest scope wins.
    out[key] = key === 'rules' ? Object.assign({}, ...levels.filter((v) => typeof v === 'object' && v !== null)) : levels[levels.length - 1];
  }
  return out;
}

export const explicitSettingsMiddleware: Middleware['workspace'] = {
  configuration: async (params, token, next) => {
    const answer = await next(params, token);
    if (!Array.isArray(answer)) return answer;
    return params.items.map((item, i) => {
      if (item.section !== 'netpol') return answer[i];
      let scope: vscode.Uri | undefined;
      try {
        scope = item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined;
      } catch {
        scope = undefined;
      }
      return explicitNetpolSettings(scope);
    });
  },
};
