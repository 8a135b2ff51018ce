// A hostile server in a real editor: every string it returns carries VS Code's command-link syntax
// (document numbers, /status text and versions, apiError codes and messages, Sovos subcodes). No
// notification, progress message, status-bar tooltip or quick pick may turn that into a link, and
// what the server said must still be readable.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Locator } from 'playwright-core';
import { Editor } from './harness';
import { startSignIn, waitFor } from './steps';

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
      const path = (request.url ?? '').split('?')[0].replace(`/api/${ACCOUNT}/v4.0.0`, '');
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

  /**
   * Links a surface rendered from text: any command link, and any link at all in a notification's
   * message. The surface must show `expected`, so that a surface that was not read fails the check.
   */
  async function assertNoLinks(surface: string, root: Locator, expected: RegExp): Promise<string> {
    const text = await root.allInnerTexts().then((texts) => texts.join('\n'));
    assert.match(text, expected, `the ${surface} shows what it is checked for`);
    const links = root.locator('a[href*="command:"], .notification-list-item-message a');
    assert.deepEqual(await links.allTextContents(), [], `no link in the ${surface}`);
    assert.doesNotMatch(text, LINK_SYNTAX, `no link syntax in the ${surface}`);
    return text;
  }

  function signInWith(token: string): Promise<void> {
    return startSignIn(editor, token, new URL(hostile.origin).host);
  }

  it(
    "a refused sign-in shows the server's code as text",
    () =>
      editor.scenario('hostile-signin-refused', async () => {
        await signInWith('not-the-token');
        const message = await editor.notifications.waitFor(/rejected the API token/);
        await assertNoLinks('notification', editor.notifications.root(), /rejected the API token/);
        assert.ok(message.includes('AUTH_FAILED (Open PDF)(command:'), message);
        await editor.screenshot('hostile-signin-refused-toast');
        await signInWith(API_TOKEN);
        await waitFor('the sign-in', () => hostile.requests.some((request) => request.path === '/helo' && request.status === 200));
        // Its toast may wait behind the two above; the notification centre lists it either way.
        await editor.notifications.waitForInCenter(/Signed in to Gestix account/);
        await editor.notifications.clear();
      })(),
  );

  it(
    'sending an invoice: the retry progress and the created notification show the server text, not links',
    () =>
      editor.scenario('hostile-send', async () => {
        await editor.files.open('invoices/good.invoice.json');
        await editor.quickInput.runCommand('Gestix: Send Invoice');
        const progress = await editor.notifications.waitFor(/retrying in/, 20_000);
        await assertNoLinks('progress notification', editor.notifications.root(), /retrying in/);
        assert.ok(progress.includes(`SMAR-0202, SMAR-9999 ${SHOWN}`), progress);
        await editor.screenshot('hostile-send-retrying');
        const created = await editor.notifications.waitFor(/created in Gestix/, 20_000);
        const shown = await assertNoLinks('notification', editor.notifications.root(), /created in Gestix/);
        assert.ok(created.includes(`Invoice FT 7 ${SHOWN} created in Gestix.`), created);
        assert.match(shown, /Open PDF/, 'the real Open PDF button is there');
        assert.match(shown, /Copy Number/);
        assert.equal(hostile.requests.filter((request) => request.path === '/invoices').length, 2, 'sent once, retried once');
        const log = editor.logs.outputChannelText();
        assert.match(log, /Invoice FT 7 \(Open PDF\)\(command:\S+ "x"\) created \(id 7\)/);
        assert.ok(!log.includes(SESSION_TOKEN) && !log.includes(API_TOKEN), 'no token in the log');
      })(),
  );

  it(
    'checking the session: the status text and API versions are text in the notification and the tooltip',
    () =>
      editor.scenario('hostile-status', async () => {
        await editor.files.focus();
        await editor.notifications.clear();
        hostile.statusMode = 'healthy';
        await editor.quickInput.runCommand('Gestix: Check Session Status');
        const healthy = await editor.notifications.waitFor(/session is healthy/);
        await assertNoLinks('notification', editor.notifications.root(), /session is healthy/);
        assert.ok(healthy.includes(`ready ${SHOWN}`), healthy);

        await editor.notifications.clear();
        hostile.statusMode = 'drift';
        await editor.quickInput.runCommand('Gestix: Check Session Status');
        const drift = await editor.notifications.waitFor(/current API version/);
        await assertNoLinks('notification', editor.notifications.root(), /current API version/);
        assert.match(drift, /v4\.0\.1 \(Open PDF\)/);

        await editor.statusBar.session.hover();
        const tooltip = await editor.hovers.text();
        await assertNoLinks('status-bar tooltip', editor.hovers.root(), /Status:/);
        // Plain text in a tooltip renders its spaces as no-break spaces.
        assert.match(tooltip.replace(/\u00a0/g, ' '), /Status: ready \(Open PDF\)\(command:workbench\.action\.openSettings\?%22gestix%22 "x"\)/);
        assert.match(tooltip.replace(/\u00a0/g, ' '), /called v4\.0\.0 \(Open PDF\)/);
        await editor.screenshot('hostile-status-tooltip');
        await editor.dismiss();
      })(),
  );

  it(
    "the status-bar menu and the recent errors list show the server's codes as text",
    () =>
      editor.scenario('hostile-status-menu', async () => {
        await editor.notifications.clear();
        hostile.statusMode = 'errors';
        await editor.quickInput.runCommand('Gestix: Check Session Status');
        await editor.notifications.waitFor(/2 recent errors/);
        await editor.notifications.clear();
        await editor.statusBar.session.click();
        const showErrors = editor.quickInput.row('Show Recent Errors');
        await showErrors.waitFor({ state: 'visible' });
        await assertNoLinks('quick pick', editor.quickInput.root(), /Show Recent Errors/);
        await showErrors.click();
        await editor.quickInput.row('DB_TIMEOUT').waitFor({ state: 'visible' });
        const list = await assertNoLinks('quick pick', editor.quickInput.root(), /DB_TIMEOUT/);
        assert.ok(list.includes(`DB_TIMEOUT ${SHOWN}`), list);
        assert.ok(list.includes(`second ${SHOWN}`), list);
        await editor.screenshot('hostile-recent-errors');
        await editor.dismiss();
        assert.ok(hostile.requests.some((request) => request.path === '/status' && request.status === 200));
      })(),
  );
});
