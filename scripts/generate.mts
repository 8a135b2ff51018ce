// Writes the files generated from the code catalogue and the document schema table:
// docs/error-codes.md, the injection grammars and the JSON Schemas of documents.
//   npm run generate
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATALOGUE_DOC_PATH, renderCatalogueMarkdown } from '../src/core/codes/docs.js';
import { INJECTION_GRAMMARS, renderInjectionGrammar } from '../src/core/codes/grammar.js';
import { renderJsonSchema, SCHEMA_FILES } from '../src/core/documents/schema.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
for (const [path, content] of [
  [CATALOGUE_DOC_PATH, renderCatalogueMarkdown()],
  ...INJECTION_GRAMMARS.map((grammar) => [grammar.path, renderInjectionGrammar(grammar)] as const),
  ...Object.entries(SCHEMA_FILES).map(([file, { path }]) => [path, renderJsonSchema(file as keyof typeof SCHEMA_FILES)] as const),
] as const) {
  writeFileSync(join(root, path), content);
  console.log(`wrote ${path}`);
}
