import vscode = require('vscode');

/** Runs `task` under a cancellable progress notification; cancelling aborts its signal. */
export function withCancellableProgress<T>(title: string, task: (signal: AbortSignal, report: (message: string) => void) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress<T>({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    return task(controller.signal, (message) => progress.report({ message })).finally(() => {
      subscription.dispose();
    });
  });
}
