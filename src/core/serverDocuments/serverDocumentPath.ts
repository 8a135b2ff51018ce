// Where a document the server holds opens in the editor: `gestix:/<connection>/<kind>/<id>/<name>.json`.
// The connection, kind and id say what to fetch; the last segment is only the tab's title (the
// document number, which may hold slashes, made safe for a file name).
import { isDocumentKind, type DocumentKind } from '../wire';

export const SERVER_DOCUMENT_SCHEME = 'gestix';

export interface ServerDocumentReference {
  connection: string;
  kind: DocumentKind;
  id: number;
  /** Shown as the tab's title; the id is used when absent. */
  documentNumber?: string | undefined;
}

const TITLE_LIMIT = 80;

/** A file name showing `documentNumber`: no path separators, control characters or leading dots. */
function titleOf(reference: ServerDocumentReference): string {
  const safe = (reference.documentNumber ?? '')
    .slice(0, TITLE_LIMIT)
    .replace(/[\\/:*?"<>|\p{Cc}\p{Cf}]/gu, '-')
    .replace(/^[.\s]+/, '')
    .trim();
  return `${safe || `${reference.kind}-${reference.id}`}.json`;
}

/** The path of the `gestix:` address of `reference` (each segment is encoded by the Uri that carries it). */
export function serverDocumentPath(reference: ServerDocumentReference): string {
  return ['', reference.connection, reference.kind, String(reference.id), titleOf(reference)].join('/');
}

/** What a `gestix:` path names, or undefined when it names nothing this extension serves. */
export function parseServerDocumentPath(path: string): ServerDocumentReference | undefined {
  const segments = path.split('/');
  if (segments.length !== 5 || segments[0] !== '') return undefined;
  const [, connection, kind, idText, title] = segments;
  if (!connection || !isDocumentKind(kind) || !/^[1-9]\d{0,15}$/.test(idText ?? '') || !title?.endsWith('.json')) return undefined;
  const id = Number(idText);
  if (!Number.isSafeInteger(id)) return undefined;
  return { connection, kind, id, documentNumber: title.slice(0, -'.json'.length) };
}
