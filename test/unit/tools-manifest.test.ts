import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOCUMENT_KINDS } from '../../src/core/wire';
import { TOOL_NAMES } from '../../src/core/chatTools/names';
import { BODY_LIMIT, CODE_LIMIT, DOCUMENT_LIMIT, LIST_LIMIT_MAX, SKIP_MAX } from '../../src/core/chatTools/toolText';

const root = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8'));
const tools: Array<Record<string, any>> = manifest.contributes.languageModelTools;

test('every tool the code registers is contributed, referenceable, tagged and described', () => {
  assert.deepEqual(tools.map((tool) => tool.name).sort(), Object.values(TOOL_NAMES).sort());
  for (const tool of tools) {
    assert.match(tool.toolReferenceName, /^gestix[A-Z]\w+$/, tool.name);
    assert.equal(tool.canBeReferencedInPrompt, true, tool.name);
    assert.ok(tool.tags.includes('gestix'), tool.name);
    assert.ok(tool.modelDescription.length > 80, tool.name);
    for (const key of ['displayName', 'userDescription']) assert.ok(nls[tool[key].replace(/^%|%$/g, '')], `${tool.name}.${key} is in package.nls.json`);
    assert.equal(tool.inputSchema.additionalProperties, false, tool.name);
  }
});

test('the input schemas state the limits the tools enforce', () => {
  const schema = (name: string) => tools.find((tool) => tool.name === name)!.inputSchema;
  assert.equal(schema(TOOL_NAMES.explain).properties.body.maxLength, BODY_LIMIT);
  assert.equal(schema(TOOL_NAMES.lookUp).properties.code.maxLength, CODE_LIMIT);
  for (const name of [TOOL_NAMES.validate, TOOL_NAMES.send]) {
    assert.equal(schema(name).properties.document.maxLength, DOCUMENT_LIMIT);
    assert.deepEqual(schema(name).properties.kind.enum, [...DOCUMENT_KINDS]);
  }
  assert.equal(schema(TOOL_NAMES.list).properties.limit.maximum, LIST_LIMIT_MAX);
  assert.equal(schema(TOOL_NAMES.list).properties.skip.maximum, SKIP_MAX);
});

test('sending from chat is off by default and only the user can turn it on', () => {
  const setting = manifest.contributes.configuration.flatMap((group: { properties: object }) => Object.entries(group.properties)).find(([name]: [string]) => name === 'gestix.tools.allowSend')?.[1];
  assert.equal(setting?.default, false);
  assert.equal(setting?.scope, 'machine', 'a workspace cannot turn it on');
  assert.ok(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('gestix.tools.allowSend'));
});
