// A hostile server in a real editor: every string it returns carries VS Code's command-link syntax
// (document numbers, /status text and versions, apiError codes and messages, Sovos subcodes). No
// notification, progress message, status-bar tooltip or quick pick may turn that into a link, and
// what the server said must still be readable.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Editor } from './harness';
import { waitUntil } from './harness/processes';
import { confirmUnencryptedDestination, focusEditor, waitFor } from './steps';

const ITEM_ID = 'gestix.sessionStatus';
const ACCOUNT = '03101176';
const API_TOKEN = 'hostile-api-token-0123456789';
const SESSION_TOKEN = 'hostile-session-token-0123456789';
const LINK = '[Open PDF](command:workbench.action.openSettings?%22gestix%22 "x")';
/** How the sanitiser shows LINK: the same words, no longer link syntax. */
const SHOWN = '(Open PDF)(command:workbench.action.openSettings?%22gestix%22 "x")';
/** Link syntax in rendered text: `[label](target`. */
const LINK_SYNTAX = /\[[^\]]*\]\(/;

type StatusMode = 'healthy' | 'drift' | 'errors';

interface HostileServer {
  origin: string;
  requests: { method: string; path: string; status: number }[];
  statusMode: StatusMode;
  close(): Promise<void>;
}

function apiError(code: string, message: string): Record<string, string> {
  return { code: `${code} ${LINK}`, message: `${message} ${LINK}`, timestamp: '2026-11-27T10:00:00Z', path: `/invoices ${LINK}`, request_id: `req-7 ${LINK}` };
}

function statusBody(mode: StatusMode): unknown {
  const current = mode === 'drift' ? `v4.0.1 ${LINK}` : `v4.0.0 ${LINK}`;
  return {
    status: `ready ${LINK}`,
    server_time: `2026-11-27T10:00:00Z ${LINK}`,
    versions: { called_api_version: `v4.0.0 ${LINK}`, current_api_version: current },
    errors: mode === 'errors' ? [apiError('INVALID_ARGUMENT', 'first'), apiError('DB_TIMEOUT', 'second')] : [],
  };
}

/** Answers like Gestix, with link syntax in every string; the first invoice meets a Sovos timeout. */
async function startHostileServer(): Promise<HostileServer> {
  let invoicePosts = 0;
  const requests: HostileServer['requests'] = [];
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const path = (request.url ?? '').split('?')[0]!.replace(`/api/${ACCOUNT}/v4.0.0`, '');
      const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        requests.push({ method: request.method ?? '', path, status });
        response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
      };
      const authorized = request.headers.authorization;
      if (path === '/helo') {
        if (authorized === `Bearer ${API_TOKEN}`) return reply(200, { 'xa-token': SESSION_TOKEN });
        return reply(403, apiError('AUTH_FAILED', 'The API token is not valid'));
      }
      if (authorized !== `Bearer ${SESSION_TOKEN}`) return reply(403, apiError('AUTH_FAILED', 'Session expired'));
      if (path === '/status') return reply(200, statusBody(hostile.statusMode));
      if (path === '/invoices' && request.method === 'POST') {
        invoicePosts += 1;
        if (invoicePosts === 1) {
          const timeout = { status: '408', errors: [{ subcode: 'SMAR-0202', message: `Tax engine timeout ${LINK}` }, { subcode: `SMAR-9999 ${LINK}`, message: LINK }], message: `Sovos ${LINK}`, success: false };
          return reply(408, timeout, { 'retry-after': '3' });
        }
        return reply(201, { id: 7, documentSeries: `FT ${LINK}`, documentNumber: `FT 7 ${LINK}`, url: `http://127.0.0.1/${LINK}` });
      }
      return reply(404, { timestamp: '1764237600000', status: 404, error: `Not Found ${LINK}`, message: LINK, path });
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const hostile: HostileServer = {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    statusMode: 'healthy',
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return hostile;
}

describe('a hostile server cannot put a link in front of the user', { timeout: 400_000 }, () => {
  let hostile: HostileServer;
  let editor: Editor;
  before(async () => {
    hostile = await startHostileServer();
    editor = await Editor.start({ scenario: 'hostile-server', settings: { 'gestix.serverUrl': hostile.origin, 'gestix.account': ACCOUNT } });
  });
  after(async () => {
    await editor?.stop();
    await hostile?.close();
  });

  function item() {
    return editor.page.locator(`.statusbar [id="${editor.extensionId}.${ITEM_ID}"], .statusbar [id="${ITEM_ID}"]`).first();
  }

  /** Links a surface rendered from text: any command link, and any link at all in a notification's message. */
  async function assertNoLinks(surface: string, selector: string): Promise<string> {
    const links = editor.page.locator(`${selector} a[href*="command:"], ${selector} .notification-list-item-message a`);
    assert.deepEqual(await links.allTextContents(), [], `no link in the ${surface}`);
    const text = await editor.page.locator(selector).allInnerTexts().then((texts) => texts.join('\n'));
    assert.doesNotMatch(text, LINK_SYNTAX, `no link syntax in the ${surface}`);
    return text;
  }

  async function signInWith(token: string): Promise<void> {
    await editor.runCommand('Gestix: Sign In');
    await editor.waitForInputBox(/Sign In \(1\/2\)/);
    await editor.pressEnter();
    await confirmUnencryptedDestination(editor, new URL(hostile.origin).host);
    await editor.waitForInputBox(/Sign In \(2\/2\)/);
    await editor.typeIntoInput(token, { password: true });
    await editor.pressEnter();
  }

  it(
    "a refused sign-in shows the server's code as text",
    () =>
      editor.scenario('hostile-signin-refused', async () => {
        await signInWith('not-the-token');
        const message = await editor.waitForNotification(/rejected the API token/);
        await assertNoLinks('notification', '.notifications-toasts');
        assert.ok(message.includes('AUTH_FAILED (Open PDF)(command:'), message);
        await editor.screenshot('hostile-signin-refused-toast');
        await signInWith(API_TOKEN);
        await waitFor('the sign-in', () => hostile.requests.some((request) => request.path === '/helo' && request.status === 200));
        // Its toast may wait behind the two above; the notification centre lists it either way.
        await waitUntil('the signed-in notification', async () => /Signed in to Gestix account/.test(await editor.showNotificationCenter()), 15_000);
        await editor.clearNotifications();
      })(),
  );

  it(
    'sending an invoice: the retry progress and the created notification show the server text, not links',
    () =>
      editor.scenario('hostile-send', async () => {
        await editor.openFile('invoices/good.invoice.json');
        await editor.runCommand('Gestix: Send Invoice');
        const progress = await editor.waitForNotification(/retrying in/, 20_000);
        await assertNoLinks('progress notification', '.notifications-toasts');
        assert.ok(progress.includes(`SMAR-0202, SMAR-9999 ${SHOWN}`), progress);
        await editor.screenshot('hostile-send-retrying');
        const created = await editor.waitForNotification(/created in Gestix/, 20_000);
        const shown = await assertNoLinks('notification', '.notifications-toasts');
        assert.ok(created.includes(`Invoice FT 7 ${SHOWN} created in Gestix.`), created);
        assert.match(shown, /Open PDF/, 'the real Open PDF button is there');
        assert.match(shown, /Copy Number/);
        assert.equal(hostile.requests.filter((request) => request.path === '/invoices').length, 2, 'sent once, retried once');
        const log = editor.outputChannelText();
        assert.match(log, /Invoice FT 7 \(Open PDF\)\(command:\S+ "x"\) created \(id 7\)/);
        assert.ok(!log.includes(SESSION_TOKEN) && !log.includes(API_TOKEN), 'no token in the log');
      })(),
  );

  it(
    'checking the session: the status text and API versions are text in the notification and the tooltip',
    () =>
      editor.scenario('hostile-status', async () => {
        await focusEditor(editor);
        await editor.clearNotifications();
        hostile.statusMode = 'healthy';
        await editor.runCommand('Gestix: Check Session Status');
        const healthy = await editor.waitForNotification(/session is healthy/);
        await assertNoLinks('notification', '.notifications-toasts');
        assert.ok(healthy.includes(`ready ${SHOWN}`), healthy);

        await editor.clearNotifications();
        hostile.statusMode = 'drift';
        await editor.runCommand('Gestix: Check Session Status');
        const drift = await editor.waitForNotification(/current API version/);
        await assertNoLinks('notification', '.notifications-toasts');
        assert.match(drift, /v4\.0\.1 \(Open PDF\)/);

        await item().hover();
        const tooltip = await editor.hoverText();
        await assertNoLinks('status-bar tooltip', '.monaco-hover');
        // Plain text in a tooltip renders its spaces as no-break spaces.
        assert.match(tooltip.replace(/\u00a0/g, ' '), /Status: ready \(Open PDF\)\(command:workbench\.action\.openSettings\?%22gestix%22 "x"\)/);
        assert.match(tooltip.replace(/\u00a0/g, ' '), /called v4\.0\.0 \(Open PDF\)/);
        await editor.screenshot('hostile-status-tooltip');
        await editor.page.keyboard.press('Escape');
      })(),
  );

  it(
    "the status-bar menu and the recent errors list show the server's codes as text",
    () =>
      editor.scenario('hostile-status-menu', async () => {
        await editor.clearNotifications();
        hostile.statusMode = 'errors';
        await editor.runCommand('Gestix: Check Session Status');
        await editor.waitForNotification(/2 recent errors/);
        await editor.clearNotifications();
        await item().click();
        const showErrors = editor.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show Recent Errors' }).first();
        await showErrors.waitFor({ state: 'visible' });
        await assertNoLinks('quick pick', '.quick-input-widget');
        await showErrors.click();
        const row = editor.page.locator('.quick-input-list .monaco-list-row', { hasText: 'DB_TIMEOUT' }).first();
        await row.waitFor({ state: 'visible' });
        const list = await assertNoLinks('quick pick', '.quick-input-widget');
        assert.ok(list.includes(`DB_TIMEOUT ${SHOWN}`), list);
        assert.ok(list.includes(`second ${SHOWN}`), list);
        await editor.screenshot('hostile-recent-errors');
        await editor.page.keyboard.press('Escape');
        assert.ok(hostile.requests.some((request) => request.path === '/status' && request.status === 200));
      })(),
  );
});
