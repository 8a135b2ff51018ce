// The tax engine the sandbox consults after Gestix validation. Its rejections use Sovos Simple
// Connect Format 1 with SMAR subcodes for sales documents and SMAP for purchases.
import type { DocumentKind, SovosFormat1, SovosSubError } from '../core/wire';
import { entryById, PRODUCT_NAMES, productLineForKind, type ProductLine } from '../core/codes/catalogue';
import { sovosFormat1 } from './errors';

const MAX_LINES = 1000;

/** Active ISO 4217 currency codes (plus precious metals and testing codes the standard lists). */
const ISO_CURRENCIES = new Set(
  (
    'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD ' +
    'CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP ' +
    'GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW ' +
    'KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN ' +
    'NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL ' +
    'SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES ' +
    'VND VUV WST XAF XAG XAU XBA XBB XBC XBD XCD XCG XDR XOF XPD XPF XPT XSU XTS XUA XXX YER ZAR ZMW ZWG ZWL'
  ).split(' '),
);

function isIsoCurrency(code: string): boolean {
  return ISO_CURRENCIES.has(code);
}

/** Requests that are not about one document kind are rated as receivables. */
function productLine(kind: DocumentKind | undefined): ProductLine {
  return kind === undefined ? 'SMAR' : productLineForKind(kind);
}

function outerMessage(line: ProductLine, what: string, path: string): string {
  return `${PRODUCT_NAMES.sovos} (${line === 'SMAP' ? 'AP' : 'AR'}) ${what} the transaction sent to ${path}`;
}

/** The catalogue's title for the subcode, then the specific cause. */
function subError(line: ProductLine, code: string, cause: string): SovosSubError {
  const title = entryById(`sovos/subcode/${code}`)?.title;
  return { subcode: `${line}-${code}`, message: title ? `${title}: ${cause}` : cause };
}

/** Header and line fields that carry a discount (percent or amount); none may be negative. */
const HEADER_DISCOUNTS = ['discount', 'discount_amount', 'discount_money_amount'];
const LINE_DISCOUNTS = ['discount', 'line_discount'];

function negativeDiscounts(body: Record<string, unknown>, lines: unknown[]): string[] {
  const found: string[] = [];
  for (const field of HEADER_DISCOUNTS) {
    const value = body[field];
    if (typeof value === 'number' && value < 0) found.push(`${field} is ${value}`);
  }
  lines.forEach((line, index) => {
    if (typeof line !== 'object' || line === null) return;
    for (const field of LINE_DISCOUNTS) {
      const value = (line as Record<string, unknown>)[field];
      if (typeof value === 'number' && value < 0) found.push(`items[${index}].${field} is ${value}`);
    }
  });
  return found;
}

/** Undefined when the engine accepts the document; otherwise the Format 1 body for HTTP 400. */
export function evaluateTaxes(kind: DocumentKind, body: Record<string, unknown>, path: string): SovosFormat1 | undefined {
  const line = productLineForKind(kind);
  const errors: SovosSubError[] = [];
  const lines = Array.isArray(body.items) ? (body.items as unknown[]) : [];
  if (lines.length === 0) {
    errors.push(subError(line, '1010', 'items is missing or empty.'));
  } else if (lines.length > MAX_LINES) {
    errors.push(subError(line, '3000', `${lines.length} lines sent; at most ${MAX_LINES} are allowed.`));
  }
  const negatives = negativeDiscounts(body, lines);
  if (negatives.length > 0) {
    errors.push(subError(line, '1004', `discounts must not be negative (${negatives.slice(0, 5).join(', ')}).`));
  }
  const currency = body.currency;
  if (typeof currency === 'string' && !isIsoCurrency(currency)) {
    errors.push(subError(line, '99692', `'${currency.slice(0, 20)}' is not an ISO 4217 currency code.`));
  }
  if (errors.length === 0) return undefined;
  return sovosFormat1(400, outerMessage(line, 'could not evaluate', path), errors);
}

export function taxEngineTimeout(kind: DocumentKind | undefined, path: string): SovosFormat1 {
  const line = productLine(kind);
  return sovosFormat1(408, outerMessage(line, 'did not finish evaluating', path), [
    subError(line, '0202', 'no answer from the tax calculation engine (GTD) in time.'),
  ]);
}
