// Activation registers only what VS Code looks for the moment it has activated the extension for
// it: every command, the error panel's serializer, the chat tools, the sample documents' content and
// the `gestix:` file system of server documents.
// VS Code counts loading this bundle and running activate() as the extension's activation time
// (Developer: Show Running Extensions), and other extensions wait while it runs, so it stays as
// small as a built-in's. The rest is a bundle of its own (dist/session.js, see sessionParts.ts),
// loaded right after activation or by the first command that needs it.
import vscode = require('vscode');
import { DisposableStore } from './core/host/events';
import { COMMAND, registerUntilLoaded, type CommandId } from './vscode/commands';
import { VIEW_COMMANDS } from './vscode/commandIds';
import { ERROR_PANEL_VIEW_TYPE } from './vscode/errorPanelType';
import { registerLanguageModelTools } from './vscode/languageModelTools';
import { registerSamples } from './vscode/samples';
import { registerServerDocumentFiles } from './vscode/serverDocumentFiles';
import type * as SessionModule from './vscode/sessionParts';

/**
 * The commands the session part does not register: the samples' (registered here) and the error
 * panel's title-bar actions (registered by the panel, which only exists once the session part has
 * loaded). The session part registers every other one.
 */
const ACTIVATION_COMMANDS: readonly CommandId[] = [
  COMMAND.openSampleInvoice,
  COMMAND.openSampleLog,
  COMMAND.errorPanelSignInAgain,
  COMMAND.errorPanelRetry,
  COMMAND.errorPanelGoToField,
  COMMAND.errorPanelCopySupportDetails,
  COMMAND.errorPanelOpenRawBody,
];

/** Loads the session part once, on first use, in place of the commands it registers. */
class SessionLoader {
  private parts: SessionModule.SessionParts | undefined;
  private readonly placeholders = new DisposableStore();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly store: DisposableStore,
  ) {
    for (const id of Object.values(COMMAND)) {
      if (!ACTIVATION_COMMANDS.includes(id) && !VIEW_COMMANDS.includes(id)) this.placeholders.add(registerUntilLoaded(id, () => this.load()));
    }
  }

  get loaded(): SessionModule.SessionParts | undefined {
    return this.parts;
  }

  load(): SessionModule.SessionParts {
    if (!this.parts) {
      // The session part registers these commands itself.
      this.placeholders.dispose();
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- dist/session.js is a bundle of its own
      this.parts = this.store.add((require('./vscode/sessionParts') as typeof SessionModule).createSessionParts(this.context));
    }
    return this.parts;
  }
}

/** What deactivation waits for: the connections this window opened, to Gestix and of its local sandbox. */
let closeConnections: (() => Promise<void>) | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const store = new DisposableStore();
  context.subscriptions.push(store);
  const session = new SessionLoader(context, store);
  const features = () => session.load().features();

  store.add(
    vscode.window.registerWebviewPanelSerializer(ERROR_PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state: unknown) => Promise.resolve().then(() => features().restorePanel(panel, state)),
    }),
  );
  store.add(registerLanguageModelTools(() => features().tools));
  store.add(registerSamples(context));
  store.add(registerServerDocumentFiles(() => features().serverDocuments));

  // The session part reads the stored sign-in, decides whether the status item shows and registers
  // the log hovers: needed in every window the extension is active in, but not before VS Code has
  // finished activating it (nobody hovers in that moment).
  const loadSoon = setImmediate(() => session.load());
  store.add({ dispose: () => clearImmediate(loadSoon) });
  closeConnections = () => session.loaded?.close() ?? Promise.resolve();
}

export async function deactivate(): Promise<void> {
  const close = closeConnections;
  closeConnections = undefined;
  await close?.();
}
