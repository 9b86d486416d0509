// Requests sent before the language client runs fail: wait for it (a
// restored panel may ask while the server is still starting).
import { LanguageClient, State } from 'vscode-languageclient/node';

const START_TIMEOUT_MS = 30_000;

export function whenRunning(client: LanguageClient): Promise<void> {
  if (client.state === State.Running) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error('the NetworkPolicy Inspector server is not running'));
    }, START_TIMEOUT_MS);
    const sub = client.onDidChangeState((e) => {
      if (e.newState !== State.Running) return;
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
  });
}
