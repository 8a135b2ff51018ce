// The connections as VS Code's Accounts menu and other extensions see them: one session per
// signed-in connection, named after it. VS Code keeps the sessions it was given and only hears of
// later ones through change events, so each change is reported against what it was last given.

/** The shape of vscode.AuthenticationSession, kept here so that the core need not import vscode. */
export interface AccountSession {
  readonly id: string;
  readonly accessToken: string;
  readonly account: { readonly id: string; readonly label: string };
  readonly scopes: readonly string[];
}

/**
 * A connection's session. The name is what workspaces choose a connection by and is unique among
 * them, so it serves as the session's id, the account's id and the label the menu shows. Gestix
 * has no scopes: a session token may do whatever its account may.
 */
export function accountSessionOf(connectionName: string, sessionToken: string): AccountSession {
  return { id: connectionName, accessToken: sessionToken, account: { id: connectionName, label: connectionName }, scopes: [] };
}

export interface SessionsChange {
  added: AccountSession[];
  removed: AccountSession[];
  changed: AccountSession[];
}

/**
 * How one connection's session changed since VS Code was last told (undefined: it had none, or has
 * none now); undefined when there is nothing to tell. A connection renamed while signed in (the
 * settings' one is named after its account) is a removal and an addition: the menu goes by id.
 */
export function sessionsChange(reported: AccountSession | undefined, now: AccountSession | undefined): SessionsChange | undefined {
  if (!reported) return now ? { added: [now], removed: [], changed: [] } : undefined;
  if (!now) return { added: [], removed: [reported], changed: [] };
  if (reported.id !== now.id) return { added: [now], removed: [reported], changed: [] };
  return reported.accessToken === now.accessToken ? undefined : { added: [], removed: [], changed: [now] };
}
