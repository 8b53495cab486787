/**
 * The Graph API calls the console makes, checked against Meta's OpenAPI description (openapi.ts):
 * the request (path parameters, query, headers, body) and the answers (phone number, template
 * list, message sent, errors). Used by the Graph fake on every request and by the tests directly.
 */
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { at, correctedOpenApi, describeErrors, metaOpenApi, pointerRef, schemaRef, validatorFor, verdict, type OpenApiVerdict } from './openapi.js';

type Json = Record<string, unknown>;

export const OPERATIONS = {
  phoneNumber: { method: 'get', path: '/{Version}/{Phone-Number-ID}' },
  templates: { method: 'get', path: '/{Version}/{WABA-ID}/message_templates' },
  send: { method: 'post', path: '/{Version}/{Phone-Number-ID}/messages' },
} as const;
export type OperationName = keyof typeof OPERATIONS;

/**
 * Query parameters Graph takes on every edge that the description does not declare on the template
 * listing (difference `template-paging`).
 */
const GRAPH_PAGING_QUERY: Record<string, Json> = {
  fields: { type: 'string', minLength: 1 },
  limit: { type: 'string', pattern: '^(?:[1-9][0-9]{0,2}|1000)$' },
  after: { type: 'string', minLength: 1 },
  before: { type: 'string', minLength: 1 },
};

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Json;
}

export function operation(name: OperationName): Json {
  const { method, path } = OPERATIONS[name];
  return at('paths', path, method);
}

/** The operation's parameters over the path item's (an operation's own win by name and place). */
function parameters(name: OperationName): Parameter[] {
  const deref = (list: unknown): Parameter[] =>
    ((list as Json[] | undefined) ?? []).map((p) => (typeof p.$ref === 'string' ? at(...p.$ref.slice(2).split('/')) : p) as unknown as Parameter);
  const own = deref(operation(name).parameters);
  const shared = deref(at('paths', OPERATIONS[name].path).parameters).filter((p) => !own.some((o) => o.name === p.name && o.in === p.in));
  return [...shared, ...own];
}

/** Field names a `fields=` may ask for (difference `phone-fields`; `template-paging` for the listing). */
export function knownFields(name: 'phoneNumber' | 'templates'): Set<string> {
  const schemas = correctedOpenApi().components.schemas;
  const keys = (s: Json | undefined) => Object.keys((s?.properties as Json | undefined) ?? {});
  if (name === 'phoneNumber') return new Set(['id', ...keys(schemas.PhoneNumberInfo), ...keys(schemas.WhatsAppBusinessAccountPhoneNumber)]);
  const item = (((responseSchema('templates', '200').properties as Json).data as Json).items as Json);
  return new Set([...keys(item), ...keys(schemas.MessageTemplate)]);
}

export interface RequestToCheck {
  /** The path as sent, e.g. `/v26.0/106540352242922/messages`. */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body (POST). */
  body?: unknown;
}

const templateRegex = (template: string) => new RegExp(`^${template.replace(/\{([^}]+)\}/g, (_m, n: string) => `(?<${n.replace(/[^A-Za-z0-9]/g, '_')}>[^/]+)`)}$`);

/** Parameters of one kind as an object schema, so ajv reports every problem in one go. */
function parameterValidator(name: OperationName, kind: Parameter['in']): ValidateFunction {
  return validatorFor(`${name}:${kind}`, () => {
    const own = parameters(name).filter((p) => p.in === kind);
    const properties: Record<string, Json> = Object.fromEntries(own.map((p) => [kind === 'header' ? p.name.toLowerCase() : p.name, p.schema ?? {}]));
    if (kind === 'query' && name === 'templates') Object.assign(properties, GRAPH_PAGING_QUERY);
    return {
      type: 'object',
      properties,
      required: own.filter((p) => p.required).map((p) => (kind === 'header' ? p.name.toLowerCase() : p.name)),
      ...(kind === 'header' ? {} : { additionalProperties: false }),
    };
  });
}

/** Which operation a request is, by method and path; null when the console never calls it. */
export function operationOf(method: string, path: string): OperationName | null {
  for (const [name, op] of Object.entries(OPERATIONS) as Array<[OperationName, (typeof OPERATIONS)[OperationName]]>) {
    if (op.method === method.toLowerCase() && templateRegex(op.path).test(path)) return name;
  }
  return null;
}

export type RequestPart = 'path' | 'query' | 'fields' | 'header' | 'body';

export interface RequestVerdict extends OpenApiVerdict {
  /** What failed, by part, so the fake can answer as Graph does for each. */
  parts: Partial<Record<RequestPart, string>>;
  /** `fields=` names the description does not know. */
  unknownFields: string[];
}

/** The request against its operation: path parameters, query (incl. `fields` names), headers, body. */
export function checkRequest(name: OperationName, req: RequestToCheck): RequestVerdict {
  const parts: RequestVerdict['parts'] = {};
  const errors: OpenApiVerdict['errors'] = [];
  const add = (v: OpenApiVerdict, part: RequestPart) => {
    if (v.ok) return;
    errors.push(...v.errors);
    parts[part] = v.details;
  };
  const m = templateRegex(OPERATIONS[name].path).exec(req.path);
  const pathParams = Object.fromEntries(parameters(name).filter((p) => p.in === 'path').map((p) => [p.name, m?.groups?.[p.name.replace(/[^A-Za-z0-9]/g, '_')]]));
  add(verdict(parameterValidator(name, 'path'), m ? pathParams : {}), 'path');
  add(verdict(parameterValidator(name, 'query'), req.query), 'query');
  const headers = Object.fromEntries(Object.entries(req.headers).filter(([, v]) => typeof v === 'string').map(([k, v]) => [k.toLowerCase(), v]));
  // Graph's content type may carry a charset; the description's enum has the bare media type.
  if (typeof headers['content-type'] === 'string') headers['content-type'] = headers['content-type'].split(';')[0]!.trim();
  add(verdict(parameterValidator(name, 'header'), headers), 'header');
  let unknownFields: string[] = [];
  if (name === 'phoneNumber' || name === 'templates') {
    const known = knownFields(name);
    unknownFields = (req.query.fields ?? '').split(',').filter((f) => f !== '' && !known.has(f));
    if (unknownFields.length > 0) parts.fields = `fields ${unknownFields.join(', ')} not described`;
  }
  if (name === 'send') add(checkMessageBody(req.body), 'body');
  const details = Object.entries(parts).map(([k, v]) => `${k}: ${v}`).join(' | ');
  return { ok: details === '', errors, details, parts, unknownFields };
}

/** `Message` is a `oneOf` with a discriminator on `type`: the body is checked against the mapped schema. */
export function mappedMessageSchema(type: unknown): string | null {
  const mapping = (metaOpenApi().components.schemas.Message!.discriminator as { mapping: Record<string, string> }).mapping;
  return typeof type === 'string' && Object.hasOwn(mapping, type) ? mapping[type]!.split('/').pop()! : null;
}

export function checkMessageBody(body: unknown): OpenApiVerdict {
  const type = (body as { type?: unknown } | null)?.type;
  const mapped = mappedMessageSchema(type);
  // An unknown or missing `type` goes to the resolved Message, which names the allowed values.
  return verdict(validatorFor(`message:${mapped ?? '*'}`, () => schemaRef(mapped ?? 'Message')), body);
}

export function responseSchema(name: OperationName, status: string): Json {
  return ((((operation(name).responses as Json)[status] as Json).content as Json)['application/json'] as Json).schema as Json;
}

/** The examples the description carries for an answer, by name. */
export function responseExamples(name: OperationName, status: string): Record<string, unknown> {
  const content = ((((operation(name).responses as Json)[status] as Json | undefined)?.content as Json | undefined)?.['application/json'] as Json | undefined) ?? {};
  return Object.fromEntries(Object.entries((content.examples as Record<string, { value: unknown }> | undefined) ?? {}).map(([k, v]) => [k, v.value]));
}

/** A request body example by name (e.g. "Send Catalog Template Message"). */
export function requestExample(name: OperationName, example: string): unknown {
  const body = (((operation(name).requestBody as Json).content as Json)['application/json'] as Json).examples as Record<string, { value: unknown }>;
  return body[example]!.value;
}

const RESPONSE_SCHEMAS: Record<string, () => Json> = {
  phoneNumber: () => ({ ...pointerRef('paths', OPERATIONS.phoneNumber.path, 'get', 'responses', '200', 'content', 'application/json', 'schema') }),
  // The listing's own schema leaves `status` free and has no `paging.next` (difference `template-paging`, `template-status`).
  templates: () => ({
    allOf: [
      pointerRef('paths', OPERATIONS.templates.path, 'get', 'responses', '200', 'content', 'application/json', 'schema'),
      {
        properties: {
          data: { items: { properties: { status: { $ref: 'meta#/components/schemas/MessageTemplate/properties/status' } } } },
          paging: { properties: { next: { type: 'string' } } },
        },
      },
    ],
  }),
  send: () => pointerRef('paths', OPERATIONS.send.path, 'post', 'responses', '200', 'content', 'application/json', 'schema'),
  error: () => schemaRef('GraphAPIError'),
};

/** An answer against the description: `error` for any error body, else the operation's 200. */
export function checkResponse(kind: OperationName | 'error', body: unknown): OpenApiVerdict {
  return verdict(validatorFor(`response:${kind}`, RESPONSE_SCHEMAS[kind]!), body);
}

export { describeErrors };
