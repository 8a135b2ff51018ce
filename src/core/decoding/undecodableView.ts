// The view of a body the decoder itself failed on: the body as it came, and nothing read from it.
import { RAW_BODY_LIMIT, type DecodedError } from './decodedView';

export function undecodableView(body: string, origin: DecodedError['origin']): DecodedError {
  return {
    headline: 'The response could not be decoded',
    origin,
    shape: body.trim() === '' ? 'empty' : 'notJson',
    entries: [],
    omittedEntries: 0,
    messages: [],
    retryable: false,
    actions: [],
    raw: { text: body.slice(0, RAW_BODY_LIMIT), pretty: false, truncated: body.length > RAW_BODY_LIMIT, length: body.length, isHtml: false },
  };
}
