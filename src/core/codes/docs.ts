// Renders the catalogue as docs/error-codes.md. A unit test fails when the file in the repository no
// longer matches, so the page cannot drift from the data the extension shows.
import { entriesOf, PRODUCT_LINES, type CatalogueEntry, type NextAction } from './catalogue';

export const CATALOGUE_DOC_PATH = 'docs/error-codes.md';

const NEXT_ACTION_LABELS: Readonly<Record<NextAction, string>> = {
  none: 'Nothing',
  fixRequest: 'Fix the request',
  signInAgain: 'Sign in again',
  retryLater: 'Retry after a delay',
  checkForDuplicate: 'Check for a stored copy',
  checkConfiguration: 'Check the configuration',
  contactSupport: 'Contact support',
};

function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function table(headers: string[], rows: string[][]): string {
  const head = `| ${headers.join(' | ')} |`;
  const rule = `|${headers.map(() => '---').join('|')}|`;
  return [head, rule, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`)].join('\n');
}

function nextStep(entry: CatalogueEntry): string {
  return `**${NEXT_ACTION_LABELS[entry.nextStep.action]}.** ${entry.nextStep.text}`;
}

const retry = (entry: CatalogueEntry) => (entry.retryable ? 'yes' : 'no');

function statusTable(entries: CatalogueEntry[]): string {
  return table(
    ['Status', 'Title', 'Meaning', 'What to do', 'Retry helps'],
    entries.map((entry) => [`\`${entry.code}\``, entry.title, entry.meaning, entry.success ? '—' : nextStep(entry), entry.success ? '—' : retry(entry)]),
  );
}

export function renderCatalogueMarkdown(): string {
  const sections = [
    '# Error codes',
    '<!-- Generated from src/core/codes/catalogue.ts by `node --import tsx scripts/generate.mts`. Do not edit by hand. -->',
    'Every code the extension explains — in the error panel, in log hovers and in this page — comes from one catalogue. "Retry helps" says whether sending the same request again, unchanged apart from a new nonce, can succeed.',
    '## Gestix ERP API',
    '### HTTP statuses',
    statusTable(entriesOf('gestix', 'httpStatus')),
    '### Error codes (`apiError.code`)',
    'Error bodies look like `{"code": "…", "message": "…", "timestamp": "…", "path": "…", "request_id": "…"}`. Keep `request_id` and `timestamp` when you contact support@gestix.com.',
    table(
      ['Code', 'Title', 'Meaning', 'What to do', 'Retry helps'],
      entriesOf('gestix', 'errorCode').map((entry) => [`\`${entry.code}\``, entry.title, entry.meaning, nextStep(entry), retry(entry)]),
    ),
    '## Sovos Simple Connect',
    'Tax is calculated by Sovos Simple Connect. A subcode is a product line followed by a number:',
    Object.values(PRODUCT_LINES)
      .map((line) => `- \`${line.line}\` — ${line.name}: ${line.documents}, e.g. \`${line.line}-0011\`.`)
      .join('\n'),
    'Format 1 bodies list subcodes in `errors[]`; Format 2 bodies (`timestamp`, `status`, `error`, `message`, `path`) carry only the HTTP status.',
    '### HTTP statuses',
    statusTable(entriesOf('sovos', 'httpStatus')),
    '### Subcodes',
    table(
      ['Subcode', 'Type', 'Title', 'Meaning', 'What to do', 'Retry helps'],
      entriesOf('sovos', 'subcode').map((entry) => [`\`${entry.code}\``, entry.category, entry.title, entry.meaning, nextStep(entry), retry(entry)]),
    ),
    '## Other HTTP statuses',
    'Neither API documents these, but proxies, gateways and servers can still answer with them. They are explained with their general HTTP meaning.',
    statusTable(entriesOf('http', 'httpStatus')),
  ];
  return `${sections.join('\n\n')}\n`;
}
