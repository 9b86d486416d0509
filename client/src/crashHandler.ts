// What happens when the server process dies: restart it, up to 4 times in
// 3 minutes (as the default handler does), and tell the user once instead of
// once per crash. Every crash is logged in the output channel.
import * as vscode from 'vscode';
import { CloseAction, CloseHandlerResult, ErrorAction, ErrorHandler, ErrorHandlerResult, Message } from 'vscode-languageclient/node';

const MAX_RESTARTS = 4;
const WINDOW_MS = 3 * 60 * 1000;

export class CrashHandler implements ErrorHandler {
  private restarts: number[] = [];
  private toldAboutCrash = false;

  constructor(
    private readonly output: vscode.OutputChannel,
    private readonly restartCommand: string,
  ) {}

  /** A manual restart starts a fresh count. */
  reset(): void {
    this.restarts = [];
  }

  error(error: Error, _message: Message | undefined, count: number | undefined): ErrorHandlerResult {
    if (count === undefined || count <= 3) this.log(`connection error: ${error.message}`);
    // Never shut down on write errors: a dead server's pipe fails every write
    // the client makes before the close event arrives (many on a busy
    // machine), and a shutdown then would turn the close into "do not
    // restart". The close event that follows decides about the restart.
    return { action: ErrorAction.Continue, handled: true };
  }

  closed(): CloseHandlerResult {
    const now = Date.now();
    this.restarts = [...this.restarts.filter((t) => now - t <= WINDOW_MS), now];
    if (this.restarts.length <= MAX_RESTARTS) {
      this.log(`the server stopped unexpectedly; restarting it (${this.restarts.length} of ${MAX_RESTARTS} in 3 minutes)`);
      if (!this.toldAboutCrash) {
        this.toldAboutCrash = true;
        void this.notify('warning', 'The NetworkPolicy Inspector server stopped unexpectedly and was restarted.');
      }
      return { action: CloseAction.Restart, handled: true };
    }
    const message = `The NetworkPolicy Inspector server crashed ${this.restarts.length} times in the last 3 minutes and will not be restarted.`;
    this.log(message);
    void this.notify('error', message);
    return { action: CloseAction.DoNotRestart, handled: true };
  }

  private log(message: string): void {
    this.output.appendLine(`[${new Date().toLocaleTimeString()}] ${message}`);
  }

  private async notify(kind: 'warning' | 'error', message: string): Promise<void> {
    const actions = ['Show Output', 'Restart Server'];
    const choice =
      kind === 'error' ? await vscode.window.showErrorMessage(message, ...actions) : await vscode.window.showWarningMessage(message, ...actions);
    if (choice === 'Show Output') this.output.show(true);
    else if (choice === 'Restart Server') await vscode.commands.executeCommand(this.restartCommand);
  }
}
