// The id of every command the extension contributes (package.json contributes.commands), named by
// what it does. The only place a command id is spelled out: the rest of the code names a command
// through this table and runs it with the typed helpers of commands.ts. This file loads no vscode,
// so that a unit test can compare the table with the manifest.

export const COMMAND = {
  signIn: 'gestix.signIn',
  signInWithPassword: 'gestix.signInWithPassword',
  signOut: 'gestix.signOut',
  addConnection: 'gestix.addConnection',
  editConnection: 'gestix.editConnection',
  removeConnection: 'gestix.removeConnection',
  switchConnection: 'gestix.switchConnection',
  sendInvoice: 'gestix.sendInvoice',
  sendDocument: 'gestix.sendDocument',
  sendFolder: 'gestix.sendFolder',
  sendAsNewCopy: 'gestix.sendAsNewCopy',
  copyAsCurl: 'gestix.copyAsCurl',
  compareWithServerCopy: 'gestix.compareWithServerCopy',
  explainError: 'gestix.explainError',
  checkStatus: 'gestix.checkStatus',
  sessionActions: 'gestix.sessionActions',
  lookUpCode: 'gestix.lookUpCode',
  showLog: 'gestix.showLog',
  copyRequestForSupport: 'gestix.copyRequestForSupport',
  startSandbox: 'gestix.startSandbox',
  stopSandbox: 'gestix.stopSandbox',
  openSampleInvoice: 'gestix.openSampleInvoice',
  openSampleLog: 'gestix.openSampleLog',
  getStarted: 'gestix.getStarted',
  // Problems from the Server: its title bar, and the command its items run.
  refreshProblems: 'gestix.problems.refresh',
  clearProblems: 'gestix.problems.clear',
  openProblem: 'gestix.problems.open',
  // The Gestix view's Sent history: an entry's click, its context menu, the view's title bar.
  sentShowError: 'gestix.sent.showError',
  sentOpenPdf: 'gestix.sent.openPdf',
  sentCopyNumber: 'gestix.sent.copyNumber',
  sentResend: 'gestix.sent.resend',
  sentRevealFile: 'gestix.sent.revealFile',
  sentClear: 'gestix.sent.clear',
  // The On the Server view's title bar and items.
  onServerFilterByDate: 'gestix.onServer.filterByDate',
  onServerSearch: 'gestix.onServer.search',
  onServerClearFilter: 'gestix.onServer.clearFilter',
  onServerRefresh: 'gestix.onServer.refresh',
  onServerLoadMore: 'gestix.onServer.loadMore',
  onServerOpenPdf: 'gestix.onServer.openPdf',
  onServerCopyNumber: 'gestix.onServer.copyNumber',
  // The error panel's actions in the editor title bar, run on the failure the panel shows.
  errorPanelSignInAgain: 'gestix.errorPanel.signInAgain',
  errorPanelRetry: 'gestix.errorPanel.retry',
  errorPanelGoToField: 'gestix.errorPanel.goToField',
  errorPanelCopySupportDetails: 'gestix.errorPanel.copySupportDetails',
  errorPanelOpenRawBody: 'gestix.errorPanel.openRawBody',
} as const;

export type CommandId = (typeof COMMAND)[keyof typeof COMMAND];

/**
 * The commands only the Gestix view's rows and title bars run (and the palette while signed in,
 * which the session part says). The session part registers them with the views, which show nothing
 * before it has loaded, so activation registers no stand-in for them.
 */
export const VIEW_COMMANDS: readonly CommandId[] = [
  COMMAND.refreshProblems,
  COMMAND.clearProblems,
  COMMAND.openProblem,
  COMMAND.sentShowError,
  COMMAND.sentOpenPdf,
  COMMAND.sentCopyNumber,
  COMMAND.sentResend,
  COMMAND.sentRevealFile,
  COMMAND.sentClear,
  COMMAND.onServerFilterByDate,
  COMMAND.onServerSearch,
  COMMAND.onServerClearFilter,
  COMMAND.onServerRefresh,
  COMMAND.onServerLoadMore,
  COMMAND.onServerOpenPdf,
  COMMAND.onServerCopyNumber,
];
