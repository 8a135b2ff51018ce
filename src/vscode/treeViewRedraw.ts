// A tree view that is hidden costs nothing: its redraws wait until it is shown again.
import vscode = require('vscode');
import type { DisposableStore } from '../core/host/events';

/**
 * `draw` at once while `view` is visible; while it is hidden, once when it is shown again. Returns
 * the function to call whenever what the view shows changed.
 */
export function redrawWhenVisible(view: vscode.TreeView<unknown>, draw: () => void, store: DisposableStore): () => void {
  let stale = false;
  const redraw = () => {
    stale = !view.visible;
    if (!stale) draw();
  };
  store.add(
    view.onDidChangeVisibility(() => {
      if (view.visible && stale) redraw();
    }),
  );
  return redraw;
}
