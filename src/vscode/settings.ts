// Reading and writing the extension's settings by their typed keys (settingKeys.ts). The values
// nobody set come from the manifest's defaults, the only place they are written down.
import vscode = require('vscode');
import { SETTINGS, type SettingKey, type SettingSpec, type SettingValue } from './settingKeys';

export type { SettingKey, SettingValue };

const SPECS: Readonly<Record<SettingKey, SettingSpec>> = SETTINGS;

/**
 * The value in effect; in Restricted Mode, for the settings that say so, the user's own value only.
 * VS Code drops a restricted workspace value too; reading only the user's value here keeps that true
 * for every host. When trust is granted, VS Code reports the restricted settings as changed, and
 * readers read again. A `null` written into settings.json reads as the default.
 */
export function readSetting<Key extends SettingKey>(key: Key): SettingValue<Key> {
  const configuration = vscode.workspace.getConfiguration();
  const restricted = SPECS[key].userValueInRestrictedMode === true && !vscode.workspace.isTrusted;
  const inspected = () => configuration.inspect<SettingValue<Key>>(key);
  const value = restricted ? inspected()?.globalValue : configuration.get<SettingValue<Key>>(key);
  // Every contributed setting has a default in the manifest (a unit test checks that).
  return (value ?? inspected()?.defaultValue) as SettingValue<Key>;
}

/** What the user's settings hold, without the workspace's value or the default. */
export function userSettingValue<Key extends SettingKey>(key: Key): SettingValue<Key> | undefined {
  return vscode.workspace.getConfiguration().inspect<SettingValue<Key>>(key)?.globalValue;
}

/** Writes the user's settings; undefined removes the entry, so the default applies again. */
export async function writeUserSetting<Key extends SettingKey>(key: Key, value: SettingValue<Key> | undefined): Promise<void> {
  await vscode.workspace.getConfiguration().update(key, value, vscode.ConfigurationTarget.Global);
}
