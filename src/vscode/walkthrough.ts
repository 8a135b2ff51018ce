// The Get Started walkthrough and the milestones that tick its steps (package.json "walkthroughs").
//
// A step completes on its context key (`onContext:` completion event). VS Code's walkthrough service
// starts lazily, though, when a walkthrough or the Welcome page first opens: it misses keys that
// changed before, and never ticks a step whose key is already true when it starts. So a milestone
// also marks its step complete directly, which the service remembers even before it has loaded
// this walkthrough.
import vscode = require('vscode');
import { DisposableStore, type Disposable, type Event } from '../core/host/events';
import { COMMAND, registerCommand, setContext } from './commands';
import { affectsConnection } from './configuration';

const WALKTHROUGH_ID = 'gestix.gettingStarted';
/**
 * Set to 1 by `npm start` (scripts/start.mjs) in the environment of the editor it starts, whose
 * windows then open on this walkthrough. An environment variable, which no workspace can set.
 */
const OPEN_AT_START_VARIABLE = 'GESTIX_OPEN_WALKTHROUGH';

export type Milestone = 'connected' | 'signedIn' | 'documentCreated' | 'hoveredCode' | 'sessionWatched';

const MILESTONES: Readonly<Record<Milestone, { step: string; contextKey: string }>> = {
  connected: { step: 'gestix.connect', contextKey: 'gestix.walkthrough.connected' },
  signedIn: { step: 'gestix.signIn', contextKey: 'gestix.walkthrough.signedIn' },
  documentCreated: { step: 'gestix.sendInvoice', contextKey: 'gestix.walkthrough.documentCreated' },
  hoveredCode: { step: 'gestix.hoverCode', contextKey: 'gestix.walkthrough.hoveredCode' },
  sessionWatched: { step: 'gestix.statusBar', contextKey: 'gestix.walkthrough.sessionWatched' },
};

/** Records that the person did what a walkthrough step teaches; each milestone once per window. */
export class Milestones {
  private readonly reached = new Set<Milestone>();

  constructor(private readonly extensionId: string) {}

  reach(milestone: Milestone): void {
    if (this.reached.has(milestone)) return;
    this.reached.add(milestone);
    const { step, contextKey } = MILESTONES[milestone];
    void setContext(contextKey, true);
    // Rejects when the walkthrough is not loaded yet, after the step's progress has been stored.
    void vscode.commands.executeCommand('welcome.markStepComplete', `${this.extensionId}#${WALKTHROUGH_ID}#${step}`).then(undefined, () => undefined);
  }
}

function openWalkthrough(context: vscode.ExtensionContext): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#${WALKTHROUGH_ID}`, false);
}

/**
 * @param session the sign-in state: a change to signed in is the "Sign in" milestone, and so is a
 *   sign-in restored from secret storage.
 */
export function registerWalkthrough(
  context: vscode.ExtensionContext,
  milestones: Milestones,
  session: { readonly signedIn: boolean; readonly onDidChangeSignedIn: Event<boolean> },
  connection: { readonly hasAccount: () => boolean; readonly onDidChange: Event<unknown> },
): Disposable {
  if (connection.hasAccount()) milestones.reach('connected');
  if (session.signedIn) milestones.reach('signedIn');
  const store = new DisposableStore();
  store.add(session.onDidChangeSignedIn((signedIn) => signedIn && milestones.reach('signedIn')));
  store.add(connection.onDidChange(() => connection.hasAccount() && milestones.reach('connected')));
  store.add(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (affectsConnection(event) && connection.hasAccount()) milestones.reach('connected');
    }),
  );
  store.add(registerCommand(COMMAND.getStarted, () => openWalkthrough(context)));
  if (process.env[OPEN_AT_START_VARIABLE] === '1') void openWalkthrough(context);
  return store;
}
