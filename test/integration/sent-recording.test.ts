// Every send's outcome reaches the sender's one hook, the Sent history's seam: a single send and
// each document of a batch, with the file it came from, against the sandbox; the entries made from
// them hold no session token.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { sentEntryOf } from '../../src/core/history/sentEntry';
import { serializeHistory, type SentEntry } from '../../src/core/history/sentHistory';
import { BatchSender } from '../../src/core/sending/batch';
import type { SendEnded } from '../../src/core/sending/send';
import { invoice, startRig, type Rig } from './client-support';

describe('recording sends', () => {
  let rig: Rig;
  const heard: SendEnded[] = [];

  beforeEach(async () => {
    heard.length = 0;
    rig = await startRig({ sender: { onOutcome: (ended) => heard.push(ended) } });
    assert.ok((await rig.session.signInWithApiToken(rig.sandbox.apiToken)).ok);
  });
  afterEach(async () => {
    await rig.close();
  });

  it('a created and a rejected send are heard with their files; their entries name the server’s number and the rejection', async () => {
    const good = { uri: 'file:///work/good.invoice.json', label: 'good.invoice.json' };
    const bad = { uri: 'file:///work/bad.invoice.json', label: 'bad.invoice.json' };
    await rig.sender.send('invoices', JSON.stringify(invoice()), { source: good });
    await rig.sender.send('invoices', JSON.stringify(invoice({ currency: undefined })), { source: bad });
    assert.deepEqual(
      heard.map((ended) => [ended.source?.label, ended.outcome.kind]),
      [
        ['good.invoice.json', 'created'],
        ['bad.invoice.json', 'rejected'],
      ],
    );
    const secrets = [...rig.sandbox.control.sessionTokens(), rig.sandbox.apiToken];
    assert.ok(secrets.length > 1, 'signed in');
    const entries = heard.map((ended) => sentEntryOf({ at: 0, connection: 'Sandbox', kind: ended.kind, source: ended.source, outcome: ended.outcome }, secrets));
    const [created, rejected] = entries;
    const [stored] = rig.sandbox.control.documents('invoices');
    assert.equal(created?.documentId, stored?.id);
    assert.equal(rejected?.result, 'rejected');
    assert.equal(rejected?.status, 400);
    assert.match(rejected?.requestId ?? '', /^req-/);
    const file = serializeHistory(entries.filter((entry): entry is SentEntry => entry !== undefined));
    for (const secret of secrets) assert.ok(!file.includes(secret), 'no secret in the history file');
  });

  it('each document of a batch is heard once, with its own file', async () => {
    const documents = Array.from({ length: 12 }, (_, index) => ({ kind: 'invoices' as const, jsonText: JSON.stringify(invoice()), source: { uri: `file:///work/${index}.invoice.json`, label: `${index}.invoice.json` } }));
    await new BatchSender(rig.sender).send(documents);
    assert.deepEqual(heard.map((ended) => ended.source?.label).sort(), documents.map((document) => document.source.label).sort());
    assert.ok(heard.every((ended) => ended.outcome.kind === 'created'));
  });

  it('a hook that throws changes no outcome', async () => {
    await rig.close();
    rig = await startRig({
      sender: {
        onOutcome: () => {
          throw new Error('disk full');
        },
      },
    });
    assert.ok((await rig.session.signInWithApiToken(rig.sandbox.apiToken)).ok);
    const outcome = await rig.sender.send('invoices', JSON.stringify(invoice()));
    assert.equal(outcome.kind, 'created');
    assert.ok(rig.logger.lines.some((line) => /could not be recorded: disk full/.test(line)));
  });
});
