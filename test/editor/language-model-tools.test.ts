// The Gestix tools as a chat agent sees them, without a chat model: a test-only extension
// (fixtures/tool-caller) lists vscode.lm.tools and calls vscode.lm.invokeTool outside chat.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SandboxCaller, validDocument } from '../integration/sandbox-support';
import { Editor } from './harness';
import { delay } from './harness/processes';
import { sandboxHost, signIn, waitFor } from './steps';

interface ToolsSeen {
  tools: { name: string; description: string; inputSchema?: { properties?: Record<string, unknown>; required?: string[] }; tags: string[] }[];
  results: { name: string; ok: boolean; text?: string; error?: string }[];
}

const GESTIX_TOOLS = ['gestix_explainResponse', 'gestix_getDocument', 'gestix_listDocuments', 'gestix_lookUpCode', 'gestix_sendDocument', 'gestix_validateDocument'];

const resultsFile = (editor: Editor) => join(editor.workspace, 'tool-results.json');

/** Writes the calls and starts them from the palette; the caller writes what it saw when they end. */
async function startCalls(editor: Editor, calls: { name: string; input: unknown }[]): Promise<void> {
  rmSync(resultsFile(editor), { force: true });
  writeFileSync(join(editor.workspace, 'tool-calls.json'), JSON.stringify(calls));
  await editor.quickInput.runCommand('Tool Caller: Run Tool Calls');
}

async function seen(editor: Editor): Promise<ToolsSeen> {
  await waitFor('the tool results', () => existsSync(resultsFile(editor)), 60_000);
  await delay(200); // written in one call, but let the write finish
  return JSON.parse(readFileSync(resultsFile(editor), 'utf8')) as ToolsSeen;
}

function text(answer: ToolsSeen, name: string): string {
  const result = answer.results.find((entry) => entry.name === name);
  assert.ok(result?.ok, `${name}: ${result?.error}`);
  return result.text!;
}

describe('tools for chat agents', { timeout: 400_000 }, () => {
  let editor: Editor;
  let caller: SandboxCaller;
  before(async () => {
    editor = await Editor.start({ scenario: 'language-model-tools', companionExtensions: ['tool-caller'] });
    caller = new SandboxCaller(editor.sandbox);
    await signIn(editor);
  });
  after(async () => {
    await caller?.close();
    await editor?.stop();
  });

  it(
    'the tools are listed with their schemas; explain, look up, validate, list and fetch answer; send is refused while the setting is off',
    () =>
      editor.scenario('language-model-tools-read', async () => {
        const token = await caller.helo();
        const created = [];
        for (const seq of ['LMT/1', 'LMT/2']) {
          const answer = await caller.post('invoices', token, validDocument('invoices', { document_set: 'LMT', seq_number: seq }));
          assert.equal(answer.status, 201, answer.text);
          created.push(answer.json());
        }
        const storedBefore = editor.sandbox.control.documents('invoices').length;
        const missingCurrency = readFileSync(join(editor.workspace, 'invoices', 'missing-currency.invoice.json'), 'utf8');
        const good = readFileSync(join(editor.workspace, 'invoices', 'good.invoice.json'), 'utf8');
        await startCalls(editor, [
          { name: 'gestix_explainResponse', input: { body: readFileSync(join(editor.workspace, 'responses', 'sovos-format1-two-subcodes.json'), 'utf8') } },
          { name: 'gestix_lookUpCode', input: { code: 'SMAP-1010' } },
          { name: 'gestix_validateDocument', input: { kind: 'invoices', document: missingCurrency } },
          { name: 'gestix_listDocuments', input: { kind: 'invoices', limit: 10 } },
          { name: 'gestix_getDocument', input: { kind: 'invoices', id: created[0].id } },
          { name: 'gestix_sendDocument', input: { kind: 'invoices', document: good } },
        ]);
        const answer = await seen(editor);

        const tools = answer.tools.filter((tool) => tool.name.startsWith('gestix_'));
        assert.deepEqual(tools.map((tool) => tool.name).sort(), GESTIX_TOOLS);
        for (const tool of tools) {
          assert.ok(tool.tags.includes('gestix'), tool.name);
          assert.ok(tool.description.length > 50, tool.name);
          assert.ok(tool.inputSchema?.required?.length, `${tool.name} has a schema with required properties`);
        }
        assert.deepEqual(tools.find((tool) => tool.name === 'gestix_validateDocument')!.inputSchema!.required, ['kind', 'document']);

        const explained = text(answer, 'gestix_explainResponse');
        assert.match(explained, /HTTP status: 400/);
        assert.match(explained, /- code "SMAR-1004"/);
        assert.match(explained, /- code "SMAR-0016"/);
        assert.match(explained, /server message: "Line 1: discount amount must not be negative\."/);

        assert.match(text(answer, 'gestix_lookUpCode'), /- code "SMAP-1010"/);
        assert.match(text(answer, 'gestix_validateDocument'), /- path "currency": "Field 'currency' is required"/);

        const listed = text(answer, 'gestix_listDocuments');
        assert.match(listed, /2 documents\./);
        for (const document of created) assert.ok(listed.includes(`"id: ${document.id}"`), `document ${document.id} is listed:\n${listed}`);
        assert.match(listed, /"seq_number: LMT\/1"/);
        assert.match(listed, /"seq_number: LMT\/2"/);
        assert.match(text(answer, 'gestix_getDocument'), new RegExp(`document ${created[0].id} on the active connection[\\s\\S]*"seq_number: LMT/1"`));

        assert.match(text(answer, 'gestix_sendDocument'), /^Refused: sending documents from chat is turned off \(setting gestix\.tools\.allowSend\)/);
        assert.equal(await editor.dialog.isOpen(), false, 'nothing asked to confirm');
        assert.equal(editor.sandbox.control.documents('invoices').length, storedBefore, 'nothing was sent');
      })(),
  );

  it(
    'with the setting on, send asks VS Code to confirm first, naming server, account, kind and number, and creates exactly one document',
    () =>
      editor.scenario('language-model-tools-send', async () => {
        editor.updateSettings({ 'gestix.tools.allowSend': true });
        const storedBefore = editor.sandbox.control.documents('invoices').length;
        const good = readFileSync(join(editor.workspace, 'invoices', 'good.invoice.json'), 'utf8');
        const { seq_number: number } = JSON.parse(good) as { seq_number: string };
        // The settings file is watched: until the change arrives, the send is still refused without a question.
        const deadline = Date.now() + 30_000;
        for (;;) {
          await startCalls(editor, [{ name: 'gestix_sendDocument', input: { kind: 'invoices', document: good } }]);
          if (await editor.dialog.opensWithin(5_000)) break;
          const refused = existsSync(resultsFile(editor)) ? readFileSync(resultsFile(editor), 'utf8') : 'no results written';
          // A call the setting change reached between its preparation and its run is refused as unconfirmed.
          assert.ok(/turned off|did not confirm/.test(refused) && Date.now() < deadline, `no confirmation was asked for:\n${refused.slice(-2000)}`);
        }
        const question = await editor.dialog.waitForOpen();
        assert.ok(question.includes(`Send Invoice ${number} to Gestix?`), question);
        assert.ok(question.includes(sandboxHost(editor)), question);
        assert.ok(question.includes(editor.sandbox.account), question);
        assert.equal(editor.sandbox.control.documents('invoices').length, storedBefore, 'nothing is sent before the answer');
        await editor.screenshot('language-model-tools-send-confirmation');
        await editor.dialog.answer(/^Yes$/);

        const answer = await seen(editor);
        assert.ok(text(answer, 'gestix_sendDocument').startsWith(`Created: The invoices document "${number}" was created in Gestix after 1 attempt.`), text(answer, 'gestix_sendDocument'));
        assert.equal(editor.sandbox.control.documents('invoices').length, storedBefore + 1, 'exactly one document was created');
        await editor.logs.waitForOutputLine(/A chat tool sends invoices FT2026\/\S+ after the user confirmed it/);
      })(),
  );
});

describe('tools for chat agents in Restricted Mode', { timeout: 300_000 }, () => {
  let editor: Editor;
  before(async () => {
    editor = await Editor.start({ scenario: 'language-model-tools-restricted', restrictedMode: true, companionExtensions: ['tool-caller'], settings: { 'gestix.tools.allowSend': true } });
  });
  after(async () => {
    await editor?.stop();
  });

  it(
    'explaining still works, but send is refused without a question even with the setting on',
    () =>
      editor.scenario('language-model-tools-restricted', async () => {
        const good = readFileSync(join(editor.workspace, 'invoices', 'good.invoice.json'), 'utf8');
        await startCalls(editor, [
          { name: 'gestix_lookUpCode', input: { code: 'DB_TIMEOUT' } },
          { name: 'gestix_sendDocument', input: { kind: 'invoices', document: good } },
        ]);
        const answer = await seen(editor);
        assert.match(text(answer, 'gestix_lookUpCode'), /- code "DB_TIMEOUT"/);
        assert.match(text(answer, 'gestix_sendDocument'), /^Refused: this workspace is in Restricted Mode/);
        assert.equal(await editor.dialog.isOpen(), false, 'nothing asked to confirm');
        assert.equal(editor.sandbox.control.documents('invoices').length, 0, 'nothing was sent');
      })(),
  );
});
