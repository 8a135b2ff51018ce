// Writes the files generated from the code catalogue: docs/error-codes.md and the injection grammar.
//   node --import tsx scripts/generate-codes.mts
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATALOGUE_DOC_PATH, renderCatalogueMarkdown } from '../src/codes/docs.js';
import { GRAMMAR_PATH, renderInjectionGrammar } from '../src/codes/grammar.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
for (const [path, content] of [
  [CATALOGUE_DOC_PATH, renderCatalogueMarkdown()],
  [GRAMMAR_PATH, renderInjectionGrammar()],
] as const) {
  writeFileSync(join(root, path), content);
  console.log(`wrote ${path}`);
}
