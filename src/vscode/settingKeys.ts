// Every setting the extension contributes (package.json contributes.configuration), with the type
// its schema declares. The defaults are in the manifest only: VS Code answers with them for a
// setting nobody set. This file loads no vscode, so that a unit test can compare it with the manifest.

type SettingType = 'string' | 'number' | 'boolean' | 'string[]' | 'object[]';

export interface SettingSpec {
  type: SettingType;
  /**
   * In Restricted Mode only the user's own value counts, whatever VS Code reports: a repository
   * cannot choose how often or how long the extension talks to the server with the user's
   * credentials, which files hovers read, or whether chat may send. (The manifest lists these, and a
   * few more, under `restrictedConfigurations`.)
   */
  userValueInRestrictedMode?: true;
}

export const SETTINGS = {
  'gestix.connections': { type: 'object[]' },
  'gestix.connection': { type: 'string', userValueInRestrictedMode: true },
  'gestix.serverUrl': { type: 'string' },
  'gestix.account': { type: 'string' },
  'gestix.apiVersion': { type: 'string' },
  'gestix.requestTimeoutSeconds': { type: 'number', userValueInRestrictedMode: true },
  'gestix.tls.caCertificates': { type: 'string[]' },
  'gestix.tls.clientCertificate': { type: 'string' },
  'gestix.sandbox.port': { type: 'number' },
  'gestix.hover.languages': { type: 'string[]', userValueInRestrictedMode: true },
  'gestix.hover.filePatterns': { type: 'string[]', userValueInRestrictedMode: true },
  'gestix.hover.genericCodes': { type: 'boolean', userValueInRestrictedMode: true },
  'gestix.statusBar.enabled': { type: 'boolean' },
  'gestix.statusBar.show': { type: 'string' },
  'gestix.statusBar.pollSeconds': { type: 'number', userValueInRestrictedMode: true },
  'gestix.tools.allowSend': { type: 'boolean', userValueInRestrictedMode: true },
  'gestix.errorPanel.placement': { type: 'string' },
  'gestix.errorPanel.takeFocus': { type: 'boolean' },
} as const satisfies Record<`gestix.${string}`, SettingSpec>;

export type SettingKey = keyof typeof SETTINGS;

interface ValueOfType {
  string: string;
  number: number;
  boolean: boolean;
  'string[]': string[];
  /** Checked entry by entry by whoever reads it. */
  'object[]': unknown[];
}

/**
 * What the schema declares. VS Code does not enforce a schema on values read at run time, so
 * whoever reads a number clamps it and whoever reads a list keeps only its strings.
 */
export type SettingValue<Key extends SettingKey> = ValueOfType[(typeof SETTINGS)[Key]['type']];
