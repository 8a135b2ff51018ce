// The language-model tools a chat agent may call (`#gestixExplain`…). Activation only registers
// them; what they do loads with the features bundle on the first call (see toolInvocations.ts).
import vscode = require('vscode');
import { TOOL_IDS, TOOL_NAMES, type ToolId } from '../core/chatTools/names';
import { DisposableStore, type Disposable } from '../core/host/events';

export interface ToolHandlers {
  prepare(id: ToolId, input: unknown, token: vscode.CancellationToken): Promise<vscode.PreparedToolInvocation | undefined>;
  invoke(id: ToolId, options: vscode.LanguageModelToolInvocationOptions<unknown>, token: vscode.CancellationToken): Promise<vscode.LanguageModelToolResult>;
}

export function registerLanguageModelTools(handlers: () => ToolHandlers): Disposable {
  const store = new DisposableStore();
  // Hosts built without the chat API (some forks) have no `lm`; the rest of the extension works there.
  if (typeof vscode.lm?.registerTool !== 'function') return store;
  for (const id of TOOL_IDS) {
    store.add(
      vscode.lm.registerTool<unknown>(TOOL_NAMES[id], {
        prepareInvocation: (options, token) => handlers().prepare(id, options.input, token),
        invoke: (options, token) => handlers().invoke(id, options, token),
      }),
    );
  }
  return store;
}
