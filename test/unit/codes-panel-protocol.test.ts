import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { HEADLINE_ICON, PANEL_ACTION_IDS, PANEL_ACTIONS, PANEL_ICONS, isPanelActionId, pageMessageFrom } from '../../src/core/errorPanel/panelProtocol';

const root = join(__dirname, '..', '..');

test('a message from the page is used only when it has a shape of the protocol', () => {
  assert.deepEqual(pageMessageFrom({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(pageMessageFrom({ type: 'action', action: 'retry', extra: 'ignored' }), { type: 'action', action: 'retry' });
  for (const bad of [
    undefined,
    null,
    'ready',
    ['ready'],
    {},
    { type: 'render' },
    { type: 'action' },
    { type: 'action', action: 'runCommand' },
    { type: 'action', action: 'toString' },
    { type: 'action', action: '__proto__' },
    { type: 'action', action: ['retry'] },
  ]) {
    assert.equal(pageMessageFrom(bad), undefined, JSON.stringify(bad));
  }
});

test('action ids are the keys of the action table, and nothing inherited', () => {
  assert.deepEqual(PANEL_ACTION_IDS, Object.keys(PANEL_ACTIONS));
  for (const id of PANEL_ACTION_IDS) assert.ok(isPanelActionId(id));
  for (const inherited of ['constructor', 'hasOwnProperty', '__proto__']) assert.ok(!isPanelActionId(inherited));
});

test('the icons the build ships are the headline icon and each action icon, once, and all are codicons', () => {
  assert.equal(PANEL_ICONS[0], HEADLINE_ICON);
  assert.deepEqual(new Set(PANEL_ICONS), new Set([HEADLINE_ICON, ...PANEL_ACTION_IDS.map((id) => PANEL_ACTIONS[id].icon)]));
  assert.equal(new Set(PANEL_ICONS).size, PANEL_ICONS.length);
  for (const icon of PANEL_ICONS) assert.ok(existsSync(join(root, 'node_modules', '@vscode', 'codicons', 'src', 'icons', `${icon}.svg`)), `${icon} is a codicon`);
});
