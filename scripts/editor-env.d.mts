export type EditorName = 'floor' | 'newest';

export interface InstalledEditor {
  editor: EditorName;
  codeServerVersion: string;
  vscodeVersion: string;
  codeServerBin: string;
  /** The environment for code-server's processes: its Node first on PATH. */
  env: NodeJS.ProcessEnv;
  chromiumPath: string;
}

export const FLOOR_CODE_SERVER_VERSION: string;
export const EDITOR_NAMES: readonly EditorName[];
export const chromiumPath: string;
/** The newest code-server on npm (or GESTIX_NEWEST_CODE_SERVER, or the one installed before). */
export function newestCodeServerVersion(): string;
/** The editors GESTIX_EDITORS names: floor, newest or both (the default). */
export function selectedEditors(value?: string): EditorName[];
/** The one editor a single run uses (a test file run directly, `npm start`): GESTIX_EDITORS, else floor. */
export function singleEditor(value?: string): EditorName;
/**
 * Installs what is missing for one editor, or throws with what to install, and returns where it is
 * and how to run it. `browser: false` skips Chromium (a person opens the workbench in their own browser).
 */
export function ensureEditorEnvironment(options?: { browser?: boolean; editor?: EditorName }): Promise<InstalledEditor>;
export function onPath(command: string): string | undefined;
