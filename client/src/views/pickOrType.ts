// A quick pick that also accepts what the user types when it is valid
// (an IP address, a port): the typed value shows as the first item.
import * as vscode from 'vscode';

export interface PickItem<T> extends vscode.QuickPickItem {
  value: T;
}

export interface PickOptions<T> {
  title: string;
  placeholder: string;
  /** The item for typed text, or undefined when the text is not a value. */
  typed?: (text: string) => PickItem<T> | undefined;
}

export function pickOrType<T>(items: PickItem<T>[], options: PickOptions<T>): Promise<T | undefined> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<PickItem<T>>();
    qp.title = options.title;
    qp.placeholder = options.placeholder;
    qp.matchOnDescription = true;
    // Three steps in a row: a click elsewhere (or a webview taking focus) must not drop the question.
    qp.ignoreFocusOut = true;
    qp.items = items;
    let done = false;
    qp.onDidChangeValue((text) => {
      const extra = options.typed?.(text);
      // Keep the typed item visible whatever the filter: it always matches its own label.
      qp.items = extra && !items.some((i) => i.label === extra.label) ? [extra, ...items] : items;
    });
    qp.onDidAccept(() => {
      const chosen = qp.selectedItems[0] ?? options.typed?.(qp.value);
      if (!chosen) return;
      done = true;
      resolve(chosen.value);
      qp.hide();
    });
    qp.onDidHide(() => {
      if (!done) resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}
