// What an HTML page (a proxy's or a gateway's, returned instead of an error object) says: its title
// and first heading, as plain text. Read without a parser, within fixed bounds, so a huge or hostile
// page costs linear time.
import { cleanMessage } from './bodyValues';

export function looksLikeHtml(body: string, contentType: string | undefined): boolean {
  if (contentType && /html/i.test(contentType)) return true;
  return /^\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])/i.test(body.slice(0, 512));
}

function htmlText(fragment: string): string {
  return fragment
    .replace(/<[^>]{0,500}>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The text of the first `<h1…>…</h1>` whose tag is under 200 characters and whose text is 1 to 500.
 * Walked with indexOf, each search starting where the last one ended: a pattern would rescan up to
 * 700 characters from every `<h1` of a page made of them.
 */
function firstHeading(head: string): string | undefined {
  const lower = head.toLowerCase();
  let tagEnd = -1;
  let close = -1;
  for (let open = lower.indexOf('<h1'); open !== -1; open = lower.indexOf('<h1', open + 3)) {
    if (tagEnd <= open) tagEnd = lower.indexOf('>', open + 3);
    if (tagEnd === -1) return undefined;
    if (tagEnd - open - 3 > 200) continue;
    if (close <= tagEnd) close = lower.indexOf('</h1>', tagEnd + 1);
    if (close === -1) return undefined;
    const length = close - tagEnd - 1;
    if (length >= 1 && length <= 500) return head.slice(tagEnd + 1, close);
  }
  return undefined;
}

/** The page's title and first heading, each once, in that order. */
export function htmlMessages(body: string): string[] {
  const head = body.slice(0, 100_000);
  const messages: string[] = [];
  for (const found of [/<title[^>]{0,200}>([^<]{1,500})/i.exec(head)?.[1], firstHeading(head)]) {
    const text = cleanMessage(htmlText(found ?? ''));
    if (text && !messages.includes(text)) messages.push(text);
  }
  return messages;
}
