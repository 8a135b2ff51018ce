// The documented fields of Gestix documents, in one table that serves three purposes: the sandbox's
// validation, the extension's check before sending, and the JSON Schemas that give editors
// completion and squiggles while typing. Required fields come first (in the documented order), then
// types and ranges of every documented field. Unknown fields are ignored, as are the read-only ones
// (id, status, created, updated). Discount signs are left to the tax engine, which answers them with
// Sovos 1004.
import { REQUIRED_DOCUMENT_FIELDS, type DocumentKind } from '../wire';
import { isCalendarDate } from './calendarDate';

type Rule =
  | { type: 'string'; min?: number; max?: number }
  | { type: 'number'; min?: number; max?: number }
  | { type: 'integer' }
  | { type: 'date' }
  | { type: 'dateTime' }
  | { type: 'boolean' }
  | { type: 'vatIncluded' }
  | { type: 'object'; schema: Schema }
  | { type: 'array'; items: Schema };

interface Field {
  rule: Rule;
  required?: boolean;
}

type Schema = Readonly<Record<string, Field>>;

const text = (max?: number, min?: number): Field => ({ rule: { type: 'string', ...(min ? { min } : {}), ...(max ? { max } : {}) } });
const amount: Field = { rule: { type: 'number' } };
const percent: Field = { rule: { type: 'number', max: 100 } };
const rate: Field = { rule: { type: 'number', min: 0, max: 100 } };
const date: Field = { rule: { type: 'date' } };
const required = (field: Field): Field => ({ ...field, required: true });

const postalAddress: Schema = {
  postal_address: text(40),
  city: text(40),
  zip_code: text(40),
  country: text(),
};

const thirdParty: Schema = {
  name: required(text(40, 1)),
  name_2: text(40),
  vat_id: text(20),
  country_iso: text(),
  phone: text(20),
  mobile: text(20),
  fax: text(20),
  email: text(),
  url_link: text(),
  billing_address: { rule: { type: 'object', schema: postalAddress } },
  shipping_address: { rule: { type: 'object', schema: postalAddress } },
};

const lineCommon: Schema = {
  item_type: text(),
  item_code: text(15),
  description_2: text(60),
  unit_of_measurement: text(15),
  number_of_packages: { rule: { type: 'integer' } },
  vat: rate,
  vat_included: { rule: { type: 'vatIncluded' } },
};

const documentLine: Schema = {
  ...lineCommon,
  description: required(text(60, 1)),
  qty: required({ rule: { type: 'number', min: 0 } }),
  unit_price: required({ rule: { type: 'number', min: 0 } }),
  discount: percent,
};

const movement: Schema = {
  ...lineCommon,
  description: text(60),
  qty: { rule: { type: 'number', min: 0 } },
  unit_price: { rule: { type: 'number', min: 0 } },
  line_discount: percent,
};

const header: Schema = {
  document_set: required(text(15, 1)),
  seq_number: required(text(15, 1)),
  date: required(date),
  currency: required(text(undefined, 1)),
  total_amount: required(amount),
  due_date: date,
  reference: text(15),
  your_ref: text(15),
  salesperson: text(),
  destination_warehouse: text(),
  notes_comments: text(),
  net_amount: amount,
  discount: percent,
  vat: amount,
  eco_tax: rate,
  eco_tax_amount: amount,
  stamp_duty: rate,
  stamp_duty_amount: amount,
  irs_tax: rate,
  rounding: amount,
  amount_tendered: amount,
  amount_paid: amount,
  payment_type: text(),
  payment_ref: text(24),
  delivery_date: { rule: { type: 'dateTime' } },
};

const customerDocument: Schema = {
  ...header,
  related_document: text(20),
  warehouse: text(),
  discount_amount: amount,
  irs_retention_amount: amount,
  customer: { rule: { type: 'object', schema: thirdParty } },
  items: { rule: { type: 'array', items: documentLine } },
};

const supplierDocument: Schema = {
  ...header,
  related_doc: text(20),
  source_warehouse: text(),
  discount_money_amount: amount,
  withholding_tax_amount: amount,
  items: { rule: { type: 'array', items: documentLine } },
};

const transferOrder: Schema = {
  ...header,
  related_doc: text(20),
  source_warehouse: text(),
  discount_money_amount: amount,
  withholding_tax_amount: amount,
  plate_number: text(20),
  arrival_date: text(20),
  number_of_packages: text(20),
  gross_weight: { rule: { type: 'integer' } },
  items: { rule: { type: 'array', items: movement } },
};

const SCHEMAS: Record<DocumentKind, Schema> = {
  invoices: customerDocument,
  orders: customerDocument,
  receipts: customerDocument,
  purchases: supplierDocument,
  purchase_orders: supplierDocument,
  transfer_orders: transferOrder,
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isMissing(value: unknown): boolean {
  return value === undefined || value === null;
}


function isDateTime(value: string): boolean {
  if (isCalendarDate(value)) return true;
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(value);
  return (
    match !== null &&
    isCalendarDate(match[1] ?? '') &&
    Number(match[2]) < 24 &&
    Number(match[3]) < 60 &&
    Number(match[4] ?? 0) < 60
  );
}

function range(name: string, min: number | undefined, max: number | undefined, unit = ''): string {
  if (min !== undefined && max !== undefined) return `Field '${name}' must be ${unit}between ${min} and ${max}`;
  if (min !== undefined) return `Field '${name}' must be ${unit}at least ${min}`;
  return `Field '${name}' must be ${unit}at most ${max}`;
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** Characters as the server counts them (code points), without splitting text that has no surrogates. */
function characterCount(text: string): number {
  return SURROGATE.test(text) ? [...text].length : text.length;
}

function checkValue(name: string, rule: Rule, value: unknown, problems: DocumentProblem[]): void {
  const problem = valueProblem(name, rule, value, problems);
  if (problem) problems.push({ field: name, message: problem });
}

function valueProblem(name: string, rule: Rule, value: unknown, problems: DocumentProblem[]): string | undefined {
  switch (rule.type) {
    case 'string': {
      if (typeof value !== 'string') return `Field '${name}' must be a string`;
      const length = characterCount(value);
      if ((rule.min !== undefined && length < rule.min) || (rule.max !== undefined && length > rule.max)) {
        if (rule.min !== undefined && rule.max !== undefined) {
          return `Field '${name}' must be a string of ${rule.min} to ${rule.max} characters`;
        }
        return rule.min !== undefined
          ? `Field '${name}' must not be empty`
          : `Field '${name}' must be at most ${rule.max} characters long`;
      }
      return undefined;
    }
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return `Field '${name}' must be a number`;
      if ((rule.min !== undefined && value < rule.min) || (rule.max !== undefined && value > rule.max)) {
        return range(name, rule.min, rule.max);
      }
      return undefined;
    }
    case 'integer':
      return Number.isSafeInteger(value) ? undefined : `Field '${name}' must be an integer`;
    case 'date':
      if (typeof value !== 'string') return `Field '${name}' must be a date string (YYYY-MM-DD)`;
      return isCalendarDate(value) ? undefined : `Field '${name}' must be a valid date in the form YYYY-MM-DD`;
    case 'dateTime':
      if (typeof value !== 'string') return `Field '${name}' must be a date-time string (ISO 8601)`;
      return isDateTime(value) ? undefined : `Field '${name}' must be a valid ISO 8601 date-time`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `Field '${name}' must be a boolean`;
    case 'vatIncluded':
      // v4 documents a boolean; older integrations send 0, 1 or 2.
      return typeof value === 'boolean' || value === 0 || value === 1 || value === 2
        ? undefined
        : `Field '${name}' must be a boolean (or 0, 1, 2)`;
    case 'object':
      if (!isObject(value)) return `Field '${name}' must be an object`;
      checkObject(value, rule.schema, `${name}.`, problems);
      return undefined;
    case 'array': {
      if (!Array.isArray(value)) return `Field '${name}' must be an array`;
      for (let index = 0; index < value.length; index++) {
        const element: unknown = value[index];
        const elementName = `${name}[${index}]`;
        if (!isObject(element)) problems.push({ field: elementName, message: `Field '${elementName}' must be an object` });
        else checkObject(element, rule.items, `${elementName}.`, problems);
      }
      return undefined;
    }
  }
}

export interface DocumentProblem {
  /** `currency`, `items[0].qty`, `customer.name`. */
  field: string;
  /** Worded like the server's apiError messages. */
  message: string;
}

const schemaEntries = new WeakMap<Schema, Array<[string, Schema[string]]>>();

function entriesOf(schema: Schema): Array<[string, Schema[string]]> {
  let entries = schemaEntries.get(schema);
  if (!entries) schemaEntries.set(schema, (entries = Object.entries(schema)));
  return entries;
}

function checkObject(value: Record<string, unknown>, schema: Schema, prefix: string, problems: DocumentProblem[]): void {
  const entries = entriesOf(schema);
  for (const [field, spec] of entries) {
    if (spec.required && isMissing(value[field])) problems.push({ field: `${prefix}${field}`, message: `Field '${prefix}${field}' is required` });
  }
  for (const [field, spec] of entries) {
    const fieldValue = value[field];
    if (!isMissing(fieldValue)) checkValue(`${prefix}${field}`, spec.rule, fieldValue, problems);
  }
}

/** Every problem with a document body, in the order the server reports them. */
export function documentProblems(kind: DocumentKind, body: unknown): DocumentProblem[] {
  if (!isObject(body)) return [{ field: '', message: 'The document must be a JSON object' }];
  const problems: DocumentProblem[] = [];
  for (const field of REQUIRED_DOCUMENT_FIELDS) {
    if (isMissing(body[field])) problems.push({ field, message: `Field '${field}' is required` });
  }
  checkObject(body, SCHEMAS[kind], '', problems);
  const seen = new Set<string>();
  return problems.filter((problem) => !seen.has(problem.message) && seen.add(problem.message));
}

/** The first problem with a document body, as an apiError message, or undefined when it is valid. */
export function validateDocument(kind: DocumentKind, body: Record<string, unknown>): string | undefined {
  return documentProblems(kind, body)[0]?.message;
}

/** The top-level fields of a kind that hold one value (not an object or a list), in table order. */
export function scalarFields(kind: DocumentKind): string[] {
  return Object.entries(SCHEMAS[kind])
    .filter(([, spec]) => spec.rule.type !== 'object' && spec.rule.type !== 'array')
    .map(([field]) => field);
}

type JsonSchema = Record<string, unknown>;

function ruleSchema(rule: Rule): JsonSchema {
  switch (rule.type) {
    case 'string':
      return { type: 'string', ...(rule.min !== undefined ? { minLength: rule.min } : {}), ...(rule.max !== undefined ? { maxLength: rule.max } : {}) };
    case 'number':
      return { type: 'number', ...(rule.min !== undefined ? { minimum: rule.min } : {}), ...(rule.max !== undefined ? { maximum: rule.max } : {}) };
    case 'integer':
      return { type: 'integer' };
    case 'date':
      return { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' };
    case 'dateTime':
      return { type: 'string', description: 'ISO 8601 date-time' };
    case 'boolean':
      return { type: 'boolean' };
    case 'vatIncluded':
      return { anyOf: [{ type: 'boolean' }, { enum: [0, 1, 2] }], description: 'true when unit_price includes VAT (older integrations: 0, 1 or 2)' };
    case 'object':
      return objectSchema(rule.schema);
    case 'array':
      return { type: 'array', items: objectSchema(rule.items) };
  }
}

function objectSchema(schema: Schema): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const [field, spec] of Object.entries(schema)) properties[field] = ruleSchema(spec.rule);
  const required = Object.entries(schema)
    .filter(([, spec]) => spec.required)
    .map(([field]) => field);
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
}

export const SCHEMA_FILES = {
  customerDocument: { path: 'media/schemas/customer-document.schema.json', title: 'Gestix customer document (invoice, order, receipt)', kind: 'invoices' },
  supplierDocument: { path: 'media/schemas/supplier-document.schema.json', title: 'Gestix supplier document (purchase, purchase order)', kind: 'purchases' },
  transferOrder: { path: 'media/schemas/transfer-order.schema.json', title: 'Gestix transfer order', kind: 'transfer_orders' },
} as const satisfies Record<string, { path: string; title: string; kind: DocumentKind }>;

/** A JSON Schema (draft-07) of the documented fields of one kind of document. */
export function renderJsonSchema(file: keyof typeof SCHEMA_FILES): string {
  const { title, kind } = SCHEMA_FILES[file];
  const schema = { $schema: 'http://json-schema.org/draft-07/schema#', title, ...objectSchema(SCHEMAS[kind]) };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
