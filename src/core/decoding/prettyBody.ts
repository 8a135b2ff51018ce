// The body as the panel shows it: JSON pretty-printed, everything cut at `RAW_BODY_LIMIT`.
import { looksLikeHtml } from './htmlText';
import { RAW_BODY_LIMIT, type RawBody } from './decodedView';
import type { ResponseShapeKind } from './shape';

/** Indented JSON, or undefined where the body does not survive a round trip (see the catch). */
function prettyJson(body: string): string | undefined {
  try {
    return JSON.stringify(JSON.parse(body.replace(/^\uFEFF/, '')), null, 2);
  } catch {
    // deeply nested values overflow JSON.stringify, and the published Format 2 slip does not parse
    return undefined;
  }
}

export function prettyBody(body: string, shape: ResponseShapeKind, contentType: string | undefined, alreadyTruncated: boolean): RawBody {
  const base = { length: body.length, isHtml: shape === 'notJson' && looksLikeHtml(body, contentType), ...(contentType === undefined ? {} : { contentType }) };
  const pretty = shape !== 'notJson' && shape !== 'empty' && body.length <= RAW_BODY_LIMIT ? prettyJson(body) : undefined;
  const text = pretty ?? body;
  const truncated = alreadyTruncated || text.length > RAW_BODY_LIMIT;
  return { text: text.length > RAW_BODY_LIMIT ? text.slice(0, RAW_BODY_LIMIT) : text, pretty: pretty !== undefined, truncated, ...base };
}
