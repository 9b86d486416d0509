// The features built on the workspace index (issue #3), sharing one index.
import type { Feature } from '../lsp/feature';
import { CodeActionsFeature } from './codeActions';
import { CodeLensFeature } from './codeLens';
import { CompletionFeature } from './completion';
import { ConnectivityViewFeature } from './connectivityView';
import type { DiagnosticsFeature } from './diagnostics';
import { DocumentSymbolsFeature } from './documentSymbols';
import { HoverFeature } from './hover';
import { NavigationFeature } from './navigation';
import { ProjectConfigFeature } from './projectConfig';
import { ServerStatsFeature } from './serverStats';
import { Workspace } from './workspace';
import { WorkspaceIndexFeature } from './workspaceIndex';

export function workspaceFeatures(diagnostics: DiagnosticsFeature): Feature[] {
  const workspace = new Workspace();
  return [
    new WorkspaceIndexFeature(workspace, diagnostics),
    new ProjectConfigFeature(workspace, diagnostics),
    new HoverFeature(workspace),
    new NavigationFeature(workspace),
    new CodeLensFeature(workspace),
    new DocumentSymbolsFeature(workspace),
    new CompletionFeature(workspace),
    new CodeActionsFeature(workspace),
    new ServerStatsFeature(workspace),
    new ConnectivityViewFeature(workspace),
  ];
}
