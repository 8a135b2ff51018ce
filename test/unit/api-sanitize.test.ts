import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { capped, PLAIN_TEXT_LIMIT, plainText } from '../../src/core/text/sanitize';

// Raise with GESTIX_PROPERTY_RUNS for longer runs.
const RUNS = Math.max(2_000, Number(process.env.GESTIX_PROPERTY_RUNS) || 0);

const LINK = '[Open PDF](command:workbench.action.openSettings?%22gestix%22 "x")';
const BIDI = ['\u061C', '\u200E', '\u200F', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'];
const INVISIBLE = ['\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD'];
const CONTROLS = ['\u0000', '\u0007', '\u001B', '\u007F', '\u0085', '\u009B', '\t', '\v', '\f'];
const LINE_BREAKS = ['\n', '\r', '\r\n', '\u2028', '\u2029'];
const FRAGMENTS = [LINK, '[', ']', '](', '$(', '$(gear)', 'command:', '"', ' ', '  ', 'FT 7', '💥', '\uD800', '\uDC00', ...BIDI, ...INVISIBLE, ...CONTROLS, ...LINE_BREAKS];

const hostileText = fc.oneof(
  fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 3 })), { maxLength: 60 }).map((parts) => parts.join('')),
  fc.string({ unit: 'binary', maxLength: 500 }),
);
const limit = fc.integer({ min: 1, max: 400 });

/** The zero-width space plainText itself puts after `$` (before `(`, unless the cap fell there), taken out to check what else is left. */
function withoutIconGuards(text: string): string {
  return text.replace(/\$\u200B/g, '$');
}

describe('plainText', () => {
  it('leaves no link syntax, and the text stays readable', () => {
    assert.equal(plainText(`FT 7 ${LINK}`), 'FT 7 (Open PDF)(command:workbench.action.openSettings?%22gestix%22 "x")');
    assert.equal(plainText('see [docs]'), 'see (docs)');
  });

  it('removes bidi, zero-width and control characters and flattens line breaks', () => {
    assert.equal(plainText('invoice\u202Efdp.exe'), 'invoicefdp.exe');
    assert.equal(plainText('a\u2066b\u2069c\u200Bd\u0000e\u001B[31mf'), 'abcde(31mf');
    assert.equal(plainText('line one\r\n2026-11-27 [info] forged line\u2028three\u0085four'), 'line one 2026-11-27 (info) forged line three four');
    assert.equal(plainText('  tabs\tand   spaces  '), 'tabs and spaces');
  });

  it('keeps icons from rendering, and keeps a plain dollar sign', () => {
    assert.equal(plainText('$(gear) costs $5 (net)'), '$\u200B(gear) costs $5 (net)');
  });

  it('caps the length with an ellipsis, never inside a surrogate pair', () => {
    assert.equal(plainText('abcdef', 4), 'abc…');
    assert.equal(plainText('ab💥cd', 4), 'ab…');
    assert.equal(plainText('x'.repeat(PLAIN_TEXT_LIMIT + 50)).length, PLAIN_TEXT_LIMIT);
    assert.equal(capped('short', 10), 'short');
  });

  it('replaces lone surrogates, and is empty for nothing', () => {
    assert.equal(plainText('a\uD800b\uDC00c'), 'a\uFFFDb\uFFFDc');
    assert.equal(plainText(undefined), '');
    assert.equal(plainText('\u202E\u200B \n'), '');
  });

  it('has no link syntax, control, bidi or line-break characters, and respects the limit, whatever the input', () => {
    fc.assert(
      fc.property(hostileText, limit, (text, max) => {
        const shown = plainText(text, max);
        assert.ok(shown.length <= max, `length ${shown.length} > ${max}`);
        assert.ok(!/[[\]]/.test(shown), 'no brackets');
        assert.ok(!shown.includes('$('), 'no icon syntax');
        assert.ok(!/[\p{Cc}\p{Cf}\u2028\u2029]/u.test(withoutIconGuards(shown)), `no control or format characters in ${JSON.stringify(shown)}`);
        assert.ok(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(shown), 'well-formed');
        assert.equal(shown, shown.trim());
      }),
      { numRuns: RUNS },
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(hostileText, limit, (text, max) => {
        const once = plainText(text, max);
        assert.equal(plainText(once, max), once);
      }),
      { numRuns: RUNS },
    );
  });

  it('keeps ordinary one-line text as it is', () => {
    const ordinary = fc.stringMatching(/^[A-Za-z0-9/.,:;'"!?()+=@#%&* -]{0,300}$/).filter((text) => !/\s\s/.test(text));
    fc.assert(
      fc.property(ordinary, (text) => {
        assert.equal(plainText(text), text.trim());
      }),
      { numRuns: RUNS },
    );
  });

  it('reads a bounded slice: a 2 MB text costs about what a 2 KB one does', () => {
    const small = `${LINK}\u202E\n`.repeat(30);
    const huge = `${LINK}\u202E\n`.repeat(30_000);
    const time = (text: string) => {
      const started = performance.now();
      for (let i = 0; i < 300; i += 1) plainText(text);
      return performance.now() - started;
    };
    time(small);
    time(huge);
    const baseline = Math.min(time(small), time(small));
    const measured = Math.min(time(huge), time(huge));
    assert.ok(measured < baseline * 5 + 5, `2 MB: ${measured.toFixed(1)} ms, 2 KB: ${baseline.toFixed(1)} ms`);
  });
});
