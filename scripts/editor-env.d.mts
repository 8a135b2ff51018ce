export const CODE_SERVER_VERSION: string;
export const codeServerDir: string;
export const codeServerBin: string;
export const chromiumPath: string;
/**
 * Installs what is missing, or throws with what to install, and returns where the editor and the
 * browser are. `browser: false` skips Chromium (a person opens the workbench in their own browser).
 */
export function ensureEditorEnvironment(options?: { browser?: boolean }): Promise<{ codeServerBin: string; chromiumPath: string }>;
export function onPath(command: string): string | undefined;
