/**
 * Where Meta's published OpenAPI description (v23.0, facebook/openapi ecba623) is older than Meta's
 * current documentation (`../shared/reference/field-facts.md`), the validators follow the
 * documentation. Each difference is one entry here: the patch it makes to the description before
 * compiling, and its id, which the test that meets it names (`OPENAPI-DIFFERENCES.md` is the table
 * for people). Differences that need no patch (e.g. a query parameter the description leaves out)
 * are listed too, so the table is complete.
 */

type Json = Record<string, unknown>;
export type Schemas = Record<string, Json>;

export interface OpenApiDifference {
  id: string;
  /** Where in the description. */
  where: string;
  description_says: string;
  documentation_says: string;
  /** What the validators do about it. */
  handling: string;
  patch?: (schemas: Schemas) => void;
}

const obj = (v: unknown): Json => v as Json;
const props = (schemas: Schemas, name: string): Json => obj(schemas[name]!.properties);

/** The portfolio tiers since 2025-10-07 (250 → 2 000 → 10 000 → 100 000 → unlimited). */
export const DOCUMENTED_LIMIT_TIERS = ['TIER_250', 'TIER_2K', 'TIER_10K', 'TIER_100K', 'TIER_UNLIMITED'] as const;
/** Template statuses in the documentation (FLAGGED is an event: the template stays APPROVED). */
export const DOCUMENTED_TEMPLATE_STATUSES = ['APPROVED', 'PENDING', 'REJECTED', 'PAUSED', 'DISABLED', 'IN_APPEAL', 'PENDING_DELETION', 'LIMIT_EXCEEDED'] as const;
export const DOCUMENTED_QUALITY_RATINGS = ['GREEN', 'YELLOW', 'RED', 'UNKNOWN', 'NA'] as const;
export const DOCUMENTED_HEALTH_VALUES = ['AVAILABLE', 'LIMITED', 'BLOCKED'] as const;

export const OPENAPI_DIFFERENCES: readonly OpenApiDifference[] = [
  {
    id: 'button-index',
    where: 'components.schemas.ButtonComponent / TemplateComponent `index`',
    description_says: 'pattern `^[2-6, 11-14]$`: a one-character class that refuses "0" and "7"–"9" and accepts "," and " "',
    documentation_says: 'the button\'s position, a string "0"–"9"',
    handling: 'pattern replaced with `^[0-9]$`',
    patch: (s) => {
      for (const name of ['TemplateComponent', 'ButtonComponent']) {
        const p = name === 'TemplateComponent' ? props(s, name) : obj(obj((s[name]!.allOf as Json[])[1]).properties);
        obj(p.index).pattern = '^[0-9]$';
      }
    },
  },
  {
    id: 'quality-rating',
    where: 'components.schemas.PhoneNumberInfo.quality_rating (and WhatsAppPhoneNumberQualityRating_1)',
    description_says: 'GREEN, YELLOW, RED, NA (the WABA phone list: GREEN, YELLOW, RED, UNKNOWN)',
    documentation_says: 'GREEN, YELLOW, RED, UNKNOWN, NA',
    handling: 'enum widened to the documented five',
    patch: (s) => {
      obj(props(s, 'PhoneNumberInfo').quality_rating).enum = [...DOCUMENTED_QUALITY_RATINGS];
      s.WhatsAppPhoneNumberQualityRating_1!.enum = [...DOCUMENTED_QUALITY_RATINGS];
    },
  },
  {
    id: 'health-status',
    where: 'GET /{Version}/{Phone-Number-ID} (PhoneNumberInfo, `fields`)',
    description_says: '`health_status` is not a phone-number field; it is described only on the Flow object (GET /{Flow-ID})',
    documentation_says: '`GET /<node>?fields=health_status` on a phone number, WABA or app: `can_send_message` AVAILABLE / LIMITED / BLOCKED per entity with `errors[] {error_code, error_description, possible_solution}`',
    handling: 'PhoneNumberInfo gains `health_status` (the Flow object\'s shape, values limited to the documented three); the field is accepted in `fields`',
    patch: (s) => {
      const can = { type: 'string', enum: [...DOCUMENTED_HEALTH_VALUES] };
      props(s, 'PhoneNumberInfo').health_status = {
        type: 'object',
        required: ['can_send_message'],
        properties: {
          can_send_message: can,
          entities: {
            type: 'array',
            items: {
              type: 'object',
              required: ['entity_type', 'can_send_message'],
              properties: {
                entity_type: { type: 'string' },
                id: { type: 'string' },
                can_send_message: can,
                errors: { type: 'array', items: { type: 'object', properties: { error_code: { type: 'number' }, error_description: { type: 'string' }, possible_solution: { type: 'string' } } } },
              },
            },
          },
        },
      };
    },
  },
  {
    id: 'messaging-limit',
    where: 'WhatsAppBusinessAccountPhoneNumber.messaging_limit_tier; PhoneNumberInfo',
    description_says: 'per-number `messaging_limit_tier` TIER_50, TIER_250, TIER_1K, TIER_10K, TIER_100K, TIER_UNLIMITED; no `whatsapp_business_manager_messaging_limit`',
    documentation_says: 'limits are per business portfolio since 2025-10-07; `messaging_limit_tier` is deprecated for `whatsapp_business_manager_messaging_limit` (TIER_250, TIER_2K, TIER_10K, TIER_100K, TIER_UNLIMITED)',
    handling: 'PhoneNumberInfo gains `whatsapp_business_manager_messaging_limit` with the documented tiers; the field is accepted in `fields`; the client does not ask for `messaging_limit_tier`',
    patch: (s) => {
      props(s, 'PhoneNumberInfo').whatsapp_business_manager_messaging_limit = { type: 'string', enum: [...DOCUMENTED_LIMIT_TIERS] };
    },
  },
  {
    id: 'phone-fields',
    where: 'GET /{Version}/{Phone-Number-ID} `fields`',
    description_says: 'additional fields: `name_status`, `code_verification_status` only (defaults id, display_phone_number, verified_name, quality_rating); `status` is described only on the WABA\'s phone list',
    documentation_says: 'the phone-number node also answers `status` (CONNECTED…), `health_status`, `whatsapp_business_manager_messaging_limit`',
    handling: 'a field is accepted when PhoneNumberInfo or WhatsAppBusinessAccountPhoneNumber describes it, or it is one of the two documented newer fields; anything else is refused with (#100) as Graph does',
  },
  {
    id: 'template-status',
    where: 'components.schemas.MessageTemplate.status; GET /{WABA-ID}/message_templates `data[].status`',
    description_says: 'MessageTemplate: APPROVED, PENDING, REJECTED, DISABLED; the listing\'s `status` is any string',
    documentation_says: 'also PAUSED, IN_APPEAL, PENDING_DELETION, LIMIT_EXCEEDED; FLAGGED keeps APPROVED with a future disable date (`disable_info.disable_date`, not described)',
    handling: 'both enums set to the documented eight statuses',
    patch: (s) => {
      obj(props(s, 'MessageTemplate').status).enum = [...DOCUMENTED_TEMPLATE_STATUSES];
    },
  },
  {
    id: 'template-paging',
    where: 'GET /{WABA-ID}/message_templates query',
    description_says: 'declares only `name`; the answer\'s `paging` has `cursors` but no `next`',
    documentation_says: 'Graph\'s cursor paging: `fields`, `limit`, `after`/`before`, and `paging.next` when there is another page',
    handling: '`fields` (names the listing describes), `limit` (1–1000) and `after`/`before` accepted; `paging.next` accepted in the answer',
  },
  {
    id: 'error-data',
    where: 'components.schemas.GraphAPIError',
    description_says: '`error {message, type, code, error_subcode, fbtrace_id, is_transient, error_user_title, error_user_msg}`; no `error_data`',
    documentation_says: 'WhatsApp errors carry `error_data {messaging_product, details}`; build on `code` and `error_data.details`',
    handling: 'GraphAPIError.error gains `error_data {messaging_product: string, details: string (required)}`',
    patch: (s) => {
      obj(obj(props(s, 'GraphAPIError').error).properties).error_data = {
        type: 'object',
        required: ['details'],
        properties: { messaging_product: { type: 'string' }, details: { type: 'string' } },
      };
    },
  },
  {
    id: 'api-version',
    where: 'info.version; the `Version` path parameter',
    description_says: 'describes v23.0 (pattern `^v[0-9]+\\.[0-9]+$` on the path)',
    documentation_says: 'v26.0 released 2026-07-29 and the console\'s default; v23.0 supported until 2027-10-08',
    handling: 'requests are validated against the v23.0 shapes at any version the path pattern allows; the shapes above are the ones that changed',
  },
  {
    id: 'example-catalog-template',
    where: 'POST /{Phone-Number-ID}/messages example "Send Catalog Template Message"',
    description_says: 'the example omits `language.policy`, gives `index` as the number 0 and `sub_type` as CATALOG — it does not validate against the description\'s own TemplateMessage',
    documentation_says: 'index is a string; sub_type lower case; the description itself requires `policy`',
    handling: 'the console follows the schema (policy sent, index a string); the test records that this example is refused',
  },
];

/** The description with the documented corrections applied (mutates `schemas`). */
export function applyDocumentedDifferences(schemas: Schemas): void {
  for (const d of OPENAPI_DIFFERENCES) d.patch?.(schemas);
}

export const difference = (id: string): OpenApiDifference => {
  const d = OPENAPI_DIFFERENCES.find((x) => x.id === id);
  if (!d) throw new Error(`no OpenAPI difference ${id}`);
  return d;
};
