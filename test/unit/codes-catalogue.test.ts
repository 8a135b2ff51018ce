import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { CATALOGUE, entriesOf, entryById, PRODUCT_LINES, productLineForKind, SOVOS_SUBCODE_TYPES } from '../../src/core/codes/catalogue';
import { lookupCode, lookupHttpStatus } from '../../src/core/codes/lookup';
import { CATALOGUE_DOC_PATH, renderCatalogueMarkdown } from '../../src/core/codes/docs';
import { GRAMMAR_CONTRIBUTIONS, INJECTION_GRAMMARS, renderInjectionGrammar } from '../../src/core/codes/grammar';

const root = resolve(__dirname, '..', '..');
const seeds = join(root, '..', 'shared', 'seeds');
const gestixSeed = readFileSync(join(seeds, 'gestix-error-handling.txt'), 'utf8');
const sovosSeed = readFileSync(join(seeds, 'sovos-simple-connect-error-codes.txt'), 'utf8');

interface SeedSubcode {
  code: string;
  type: string;
  meaning: string;
}

const seedGestixStatuses = [...gestixSeed.matchAll(/^([1-5][0-9]{2}) \|$/gm)].map((match) => match[1]);
const seedGestixCodes = [...gestixSeed.matchAll(/^([A-Z]+(?:_[A-Z]+)+) \|$/gm)].map((match) => match[1]);
const seedSovosStatuses = [...sovosSeed.matchAll(/\| ([1-5][0-9]{2}) \| [A-Z ]+ \|$/gm)].map((match) => match[1]);
const seedSubcodes: SeedSubcode[] = [...sovosSeed.matchAll(/^([0-9]{4,5}) \| ([^|]+?) \| (.+)$/gm)].map((match) => ({
  code: match[1],
  type: match[2],
  meaning: match[3],
}));

describe('the seed files are fully catalogued', () => {
  test('the seed parsing finds what the seeds hold', () => {
    assert.deepEqual(seedGestixStatuses, ['200', '201', '400', '403', '409']);
    assert.deepEqual(seedGestixCodes, ['INVALID_ARGUMENT', 'AUTH_FAILED', 'DB_TIMEOUT', 'DUPLICATE_ENTRY']);
    assert.deepEqual(seedSovosStatuses, ['400', '401', '403', '408', '500']);
    assert.equal(seedSubcodes.length, 18);
  });

  test('every Gestix HTTP status and error code of the seed has an entry', () => {
    for (const status of seedGestixStatuses) assert.ok(entryById(`gestix/http/${status}`), `gestix HTTP ${status}`);
    for (const code of seedGestixCodes) assert.ok(entryById(`gestix/code/${code}`), code);
    assert.deepEqual(entriesOf('gestix', 'errorCode').map((entry) => entry.code), seedGestixCodes);
  });

  test('every Sovos HTTP status of the seed has an entry', () => {
    for (const status of seedSovosStatuses) assert.ok(entryById(`sovos/http/${status}`), `sovos HTTP ${status}`);
  });

  test('every Sovos subcode of the seed has an entry with the seed type', () => {
    for (const seed of seedSubcodes) {
      const entry = entryById(`sovos/subcode/${seed.code}`);
      assert.ok(entry, seed.code);
      assert.equal(entry.category, seed.type, seed.code);
      assert.ok((SOVOS_SUBCODE_TYPES as readonly string[]).includes(entry.category));
    }
    assert.equal(entriesOf('sovos', 'subcode').length, seedSubcodes.length);
  });

  test('meanings are written in our own words: no seven-word run of a seed sentence is reused', () => {
    const words = (text: string) => text.toLowerCase().replace(/[^a-z0-9/() ]+/g, ' ').split(/\s+/).filter(Boolean);
    const runs = (text: string) => {
      const list = words(text);
      return new Set(list.slice(0, Math.max(0, list.length - 6)).map((_, index) => list.slice(index, index + 7).join(' ')));
    };
    const seedRuns = new Set([...runs(gestixSeed), ...runs(sovosSeed)]);
    for (const entry of CATALOGUE) {
      for (const text of [entry.meaning, entry.nextStep.text, entry.title]) {
        for (const run of runs(text)) assert.ok(!seedRuns.has(run), `${entry.id} reuses "${run}"`);
      }
    }
    for (const seed of seedSubcodes) assert.notEqual(entryById(`sovos/subcode/${seed.code}`)!.meaning, seed.meaning);
  });
});

describe('catalogue entries', () => {
  test('ids are unique and every entry is complete', () => {
    assert.equal(new Set(CATALOGUE.map((entry) => entry.id)).size, CATALOGUE.length);
    for (const entry of CATALOGUE) {
      assert.ok(entry.title.length > 0 && entry.title.length <= 40, `${entry.id} title`);
      assert.ok(entry.meaning.length >= 20, `${entry.id} meaning`);
      assert.ok(entry.nextStep.text.length > 0, `${entry.id} next step`);
      assert.ok(entry.category.length > 0, `${entry.id} category`);
      assert.equal(typeof entry.retryable, 'boolean');
    }
  });

  test('retry advice follows the meaning of each code', () => {
    const retryable = (id: string) => entryById(id)!.retryable;
    assert.equal(retryable('gestix/code/DB_TIMEOUT'), true);
    assert.equal(retryable('sovos/subcode/0202'), true);
    assert.equal(retryable('sovos/http/408'), true);
    assert.equal(retryable('gestix/code/INVALID_ARGUMENT'), false);
    assert.equal(retryable('gestix/code/DUPLICATE_ENTRY'), false);
    assert.equal(retryable('sovos/subcode/1010'), false);
    assert.equal(entryById('gestix/http/403')!.nextStep.action, 'signInAgain');
    assert.equal(entryById('gestix/code/AUTH_FAILED')!.nextStep.action, 'signInAgain');
    assert.equal(entryById('gestix/code/DUPLICATE_ENTRY')!.nextStep.action, 'checkForDuplicate');
    assert.equal(entryById('gestix/code/INVALID_ARGUMENT')!.nextStep.action, 'fixRequest');
    assert.match(entryById('gestix/code/DB_TIMEOUT')!.nextStep.text, /request_id and timestamp/);
    assert.equal(entryById('gestix/http/201')!.success, true);
  });

  test('product lines: receivables for sales documents, payables for purchases', () => {
    assert.equal(PRODUCT_LINES.SMAR.name, 'receivables');
    assert.equal(PRODUCT_LINES.SMAP.name, 'payables');
    assert.equal(productLineForKind('invoices'), 'SMAR');
    assert.equal(productLineForKind('receipts'), 'SMAR');
    assert.equal(productLineForKind('purchases'), 'SMAP');
    assert.equal(productLineForKind('purchase_orders'), 'SMAP');
  });
});

describe('lookupCode', () => {
  test('Gestix codes, in any case', () => {
    assert.equal(lookupCode('INVALID_ARGUMENT').entry.id, 'gestix/code/INVALID_ARGUMENT');
    assert.equal(lookupCode(' auth_failed ').entry.id, 'gestix/code/AUTH_FAILED');
    assert.equal(lookupCode('"DB_TIMEOUT"').normalized, 'DB_TIMEOUT');
  });

  test('subcodes with product line, any case, four or five digits', () => {
    const tax = lookupCode('smap-0202');
    assert.equal(tax.entry.id, 'sovos/subcode/0202');
    assert.equal(tax.normalized, 'SMAP-0202');
    assert.equal(tax.productLine?.name, 'payables');
    assert.equal(lookupCode('SMAR-0011').productLine?.line, 'SMAR');
    assert.equal(lookupCode('SMAR-99692').entry.category, 'Tax calculation engine errors');
    assert.equal(lookupCode('SMAR0011').entry.id, 'sovos/subcode/0011');
  });

  test('every seed subcode decodes with both product lines', () => {
    for (const seed of seedSubcodes) {
      for (const line of ['SMAR', 'SMAP', 'smar']) {
        const lookup = lookupCode(`${line}-${seed.code}`);
        assert.equal(lookup.known, true, `${line}-${seed.code}`);
        assert.equal(lookup.entry.code, seed.code);
      }
    }
  });

  test('bare numbers in a subcode context, with or without leading zeros', () => {
    assert.equal(lookupCode('0011', { subcode: true }).entry.id, 'sovos/subcode/0011');
    assert.equal(lookupCode('11', { subcode: true }).entry.id, 'sovos/subcode/0011');
    assert.equal(lookupCode('11', { subcode: true }).normalized, '0011');
    assert.equal(lookupCode('99692').entry.id, 'sovos/subcode/99692');
    assert.equal(lookupCode('0000').entry.id, 'sovos/subcode/0000');
    assert.equal(lookupCode('408', { subcode: true }).entry.kind, 'unknown');
  });

  test('HTTP statuses, preferring the product in context', () => {
    assert.equal(lookupCode('403').entry.id, 'gestix/http/403');
    assert.equal(lookupCode('403', { product: 'sovos' }).entry.id, 'sovos/http/403');
    assert.equal(lookupCode('408').entry.id, 'sovos/http/408');
    assert.equal(lookupCode('HTTP/1.1 409').entry.id, 'gestix/http/409');
    assert.equal(lookupCode('403 Forbidden').entry.id, 'gestix/http/403');
    assert.equal(lookupHttpStatus(502).entry.id, 'http/http/502');
    assert.equal(lookupHttpStatus(418).entry.kind, 'unknown');
  });

  test('unknown codes decode to an unknown entry naming product and number', () => {
    const subcode = lookupCode('SMAR-4242');
    assert.equal(subcode.known, false);
    assert.equal(subcode.entry.kind, 'unknown');
    assert.equal(subcode.entry.product, 'sovos');
    assert.match(subcode.entry.title, /SMAR-4242/);
    assert.equal(subcode.productLine?.line, 'SMAR');
    const gestix = lookupCode('RATE_LIMITED');
    assert.equal(gestix.entry.product, 'gestix');
    assert.match(gestix.entry.title, /RATE_LIMITED/);
    for (const odd of ['', '   ', '-', 'SMAR-', '💥', 'x'.repeat(10_000)]) {
      const lookup = lookupCode(odd);
      assert.equal(lookup.known, false, JSON.stringify(odd.slice(0, 20)));
      assert.ok(lookup.entry.title.length > 0);
      assert.ok(lookup.entry.title.length < 400);
    }
    assert.equal(lookupCode(undefined as unknown as string).known, false);
  });
});

describe('generated files', () => {
  test(`${CATALOGUE_DOC_PATH} is up to date (regenerate: node --import tsx scripts/generate.mts)`, () => {
    assert.equal(readFileSync(join(root, CATALOGUE_DOC_PATH), 'utf8'), renderCatalogueMarkdown());
  });

  for (const grammar of INJECTION_GRAMMARS) {
    test(`${grammar.path} is up to date (regenerate: node --import tsx scripts/generate.mts)`, () => {
      assert.equal(readFileSync(join(root, grammar.path), 'utf8'), renderInjectionGrammar(grammar));
    });
  }

  test('README lists every scope the grammars give, for editor.tokenColorCustomizations', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const scopes = new Set<string>();
    for (const grammar of INJECTION_GRAMMARS) {
      const { repository } = JSON.parse(readFileSync(join(root, grammar.path), 'utf8')) as { repository: Record<string, { captures: Record<string, { name: string }> }> };
      for (const rule of Object.values(repository)) for (const capture of Object.values(rule.captures)) scopes.add(capture.name);
    }
    assert.ok(scopes.size >= 5);
    for (const scope of scopes) assert.ok(readme.includes(`| \`${scope}\` |`), `README's scope table lists ${scope}`);
  });

  test('the docs list every catalogue entry', () => {
    const markdown = renderCatalogueMarkdown();
    for (const entry of CATALOGUE) assert.ok(markdown.includes(`\`${entry.code}\``), entry.id);
    for (const seed of seedSubcodes) assert.ok(markdown.includes(`| \`${seed.code}\` | ${seed.type} |`), seed.code);
  });

  test('the manifest contributes the generated grammars: every code in logs, in JSON only the values that are Gestix codes and Sovos subcodes', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    assert.deepEqual(manifest.contributes.grammars, GRAMMAR_CONTRIBUTIONS);
    const injectedInto = (scope: string) => INJECTION_GRAMMARS.filter((grammar) => grammar.injectTo.includes(scope));
    assert.deepEqual(injectedInto('text.log').map((grammar) => grammar.path), ['syntaxes/gestix-codes.log.tmLanguage.json']);
    const [json] = injectedInto('source.json');
    assert.ok(json, 'JSON files get a grammar');
    const scopes = JSON.stringify(JSON.parse(readFileSync(join(root, json.path), 'utf8')).repository);
    assert.match(scopes, /error-code\.gestix/);
    assert.match(scopes, /subcode\.sovos/);
    assert.doesNotMatch(scopes, /http-status|request-id|property-name/, 'no "status" or "requestId" key of any JSON file is coloured');
    for (const grammar of INJECTION_GRAMMARS) {
      assert.equal(JSON.parse(readFileSync(join(root, grammar.path), 'utf8')).scopeName, grammar.scopeName);
    }
  });
});
