/**
 * Meta's published OpenAPI description of the WhatsApp Business Messaging API (v23.0) as
 * validators, for the Graph fake and the tests: what the console sends is checked against what Meta
 * describes, so no test can pass with a body Meta would refuse.
 *  - The YAML is read once per process; its parsed form is cached as JSON in the temp folder keyed
 *    by the file's hash (js-yaml takes ~0.5 s on the 1 MB file, JSON.parse a few ms), and each
 *    compiled validator is kept, so the fake stays fast.
 *  - Discriminators (`Message` on `type`, template components, parameters) are resolved to the
 *    mapped schema: ajv does not support `mapping`, and `Message`'s plain `oneOf` cannot work
 *    (TextMessage is just the base properties, so a template message matches it too).
 *  - The documented corrections of openapi-differences.ts are applied before compiling.
 * Location: `../shared/reference/meta-openapi/` beside the repository, or META_OPENAPI_YAML.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import yaml from 'js-yaml';
import { applyDocumentedDifferences, type Schemas } from './openapi-differences.js';

type Json = Record<string, unknown>;

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const META_OPENAPI_PATH = process.env.META_OPENAPI_YAML ?? path.join(REPO, '..', 'shared', 'reference', 'meta-openapi', 'business-messaging-api_v23.0.yaml');
const REF = '#/components/schemas/';

export interface OpenApiDocument {
  info: { version: string };
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Schemas };
}

let raw: OpenApiDocument | null = null;

/** The description as Meta published it (parsed once; treat as read-only). */
export function metaOpenApi(): OpenApiDocument {
  if (raw) return raw;
  const text = readFileSync(META_OPENAPI_PATH);
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
  const cache = path.join(os.tmpdir(), `optiplan-meta-openapi-${hash}.json`);
  if (existsSync(cache)) {
    try {
      return (raw = JSON.parse(readFileSync(cache, 'utf8')) as OpenApiDocument);
    } catch {
      // a half-written or foreign file: parse the YAML again below
    }
  }
  raw = yaml.load(text.toString('utf8')) as OpenApiDocument;
  try {
    // Write then rename, so a parallel test worker never reads half a file.
    const tmp = `${cache}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(raw));
    renameSync(tmp, cache);
  } catch {
    // the cache is only a speed-up
  }
  return raw;
}

/**
 * `discriminator.mapping` → if/then per value, each pointing at the mapped schema. The mapped
 * schemas extend the base through `allOf`, so they get the base without the dispatch (`X__base`);
 * otherwise HeaderComponent → TemplateComponent → HeaderComponent… would never end.
 */
export function resolveDiscriminators(schemas: Schemas): void {
  for (const name of Object.keys(schemas)) {
    const s = schemas[name]!;
    const d = s.discriminator as { propertyName: string; mapping?: Record<string, string> } | undefined;
    if (!d?.mapping) continue;
    const { discriminator: _d, oneOf: _o, anyOf: _a, ...base } = s;
    const baseName = `${name}__base`;
    schemas[baseName] = base;
    for (const target of Object.values(d.mapping)) {
      for (const part of (schemas[target.slice(REF.length)]?.allOf as Json[] | undefined) ?? []) {
        if (part.$ref === `${REF}${name}`) part.$ref = `${REF}${baseName}`;
      }
    }
    const prop = d.propertyName;
    schemas[name] = {
      $ref: `${REF}${baseName}`,
      required: [prop],
      properties: { [prop]: { enum: Object.keys(d.mapping) } },
      allOf: Object.entries(d.mapping).map(([value, target]) => ({ if: { required: [prop], properties: { [prop]: { const: value } } }, then: { $ref: target } })),
    };
  }
}

let ajv: Ajv2020 | null = null;
let corrected: OpenApiDocument | null = null;
const compiled = new Map<string, ValidateFunction>();

/** The description with discriminators resolved and the documented corrections applied. */
export function correctedOpenApi(): OpenApiDocument {
  if (corrected) return corrected;
  const doc = structuredClone(metaOpenApi());
  applyDocumentedDifferences(doc.components.schemas);
  resolveDiscriminators(doc.components.schemas);
  return (corrected = doc);
}

function compiler(): Ajv2020 {
  if (ajv) return ajv;
  // strict off: the description uses OpenAPI's annotation keywords (example, nullable, xml…).
  ajv = new Ajv2020({ strict: false, allErrors: true });
  (addFormatsModule as unknown as (a: Ajv2020) => void)(ajv);
  for (const f of ['url', 'int32', 'int64', 'float', 'double', 'binary', 'byte', 'password']) ajv.addFormat(f, true);
  ajv.addSchema({ ...correctedOpenApi(), $id: 'meta' }, 'meta');
  return ajv;
}

/** A compiled validator for a schema (its `$ref`s into the description as `meta#/…`), cached by `key`. */
export function validatorFor(key: string, schema: () => Json): ValidateFunction {
  let v = compiled.get(key);
  if (!v) {
    v = compiler().compile(schema());
    compiled.set(key, v);
  }
  return v;
}

export const schemaRef = (name: string): Json => ({ $ref: `meta${REF}${name}` });

/** JSON pointer into the corrected description, e.g. ['paths', '/{Version}/{WABA-ID}/message_templates', 'get']. */
export function at(...segments: string[]): Json {
  let v: unknown = correctedOpenApi();
  for (const s of segments) v = (v as Json | undefined)?.[s];
  if (v === undefined) throw new Error(`not in the description: ${segments.join(' › ')}`);
  return v as Json;
}

/** `$ref` to a point of the corrected description. */
export const pointerRef = (...segments: string[]): Json => ({ $ref: `meta#/${segments.map((s) => encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/')}` });

export interface OpenApiVerdict {
  ok: boolean;
  errors: ErrorObject[];
  /** Meta's way of naming the problem: `Param template[language][policy] is required`. */
  details: string;
}

export function verdict(v: ValidateFunction, data: unknown): OpenApiVerdict {
  if (v(data)) return { ok: true, errors: [], details: '' };
  const errors = [...(v.errors ?? [])];
  return { ok: false, errors, details: describeErrors(errors) };
}

/** `/template/components/0/index` → `template[components][0][index]`, as Graph names parameters. */
export function graphParamName(instancePath: string, extra?: string): string {
  const parts = instancePath.split('/').filter(Boolean).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra) parts.push(extra);
  const [first, ...rest] = parts;
  return first === undefined ? '(body)' : `${first}${rest.map((p) => `[${p}]`).join('')}`;
}

/** The most telling errors first (not the `if`/`then` wrappers), one sentence each. */
export function describeErrors(errors: readonly ErrorObject[]): string {
  const useful = errors.filter((e) => e.keyword !== 'if' && e.keyword !== 'allOf' && e.keyword !== 'oneOf');
  const lines = (useful.length > 0 ? useful : errors).map((e) => {
    if (e.keyword === 'required') return `Param ${graphParamName(e.instancePath, String((e.params as { missingProperty: string }).missingProperty))} is required`;
    if (e.keyword === 'additionalProperties') return `Param ${graphParamName(e.instancePath, String((e.params as { additionalProperty: string }).additionalProperty))} is not a valid parameter`;
    const allowed = e.keyword === 'enum' ? `: ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}` : '';
    return `Param ${graphParamName(e.instancePath)} ${e.message ?? 'is invalid'}${allowed}`;
  });
  return [...new Set(lines)].join('; ');
}
