// The error panel's actions in the editor title bar: one command per action of the panel, with the
// action's icon, shown only while the panel is the active editor and the failure it shows offers it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PANEL_ACTION_IDS, PANEL_ACTIONS } from '../../src/core/errorPanel/panelProtocol';
import { COMMAND } from '../../src/vscode/commandIds';
import { ERROR_PANEL_VIEW_TYPE } from '../../src/vscode/errorPanelType';

const root = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const adapter = readFileSync(join(root, 'src', 'vscode', 'errorPanel.ts'), 'utf8');

interface MenuEntry {
  command: string;
  when?: string;
  group?: string;
}

const commandOf = (action: string) => `gestix.errorPanel.${action}`;
const whenOf = (action: string) => `activeWebviewPanelId == '${ERROR_PANEL_VIEW_TYPE}' && gestix.errorPanel.offers.${action}`;

test('every action of the panel has a command with its icon, in the command table', () => {
  const commands = new Map<string, { icon?: string }>(manifest.contributes.commands.map((command: { command: string; icon?: string }) => [command.command, command]));
  const table = new Set<string>(Object.values(COMMAND));
  for (const action of PANEL_ACTION_IDS) {
    assert.ok(table.has(commandOf(action)), `${commandOf(action)} is in the command table`);
    assert.equal(commands.get(commandOf(action))?.icon, `$(${PANEL_ACTIONS[action].icon})`, `${action} shows the icon of its button`);
  }
});

test('the title bar and the palette offer an action only while the panel is active and offers it', () => {
  const titleBar: MenuEntry[] = manifest.contributes.menus['editor/title'];
  const palette: MenuEntry[] = manifest.contributes.menus.commandPalette;
  for (const action of PANEL_ACTION_IDS) {
    assert.equal(titleBar.find((entry) => entry.command === commandOf(action))?.when, whenOf(action), `${action} in the title bar`);
    assert.equal(palette.find((entry) => entry.command === commandOf(action))?.when, whenOf(action), `${action} in the palette`);
  }
  assert.ok(adapter.includes('`gestix.errorPanel.offers.${action}`'), 'the adapter sets the context keys the when clauses read');
});

test('each title-bar command runs its own action', () => {
  const table: Record<string, string> = COMMAND;
  for (const [, key, action] of adapter.matchAll(/registerCommand\(COMMAND\.(\w+), \(\) => this\.runOffered\('(\w+)'\)\)/g)) {
    assert.equal(table[key], commandOf(action), `COMMAND.${key} runs ${action}`);
  }
  assert.equal([...adapter.matchAll(/this\.runOffered\('/g)].length, PANEL_ACTION_IDS.length, 'one command per action');
});
