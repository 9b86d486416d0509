// The webview's side of the channel to the extension host.
import type { ViewState, WebviewMessage } from '../messages';

interface VsCodeApi {
  postMessage(m: WebviewMessage): void;
  getState(): ViewState | undefined;
  setState(s: ViewState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export const vscode: VsCodeApi = acquireVsCodeApi();
