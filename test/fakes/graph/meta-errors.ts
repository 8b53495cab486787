/**
 * Meta's error bodies for the codes the console maps (Cloud API error-code reference), in the
 * shape Graph sends them: `{error:{message,type,code,error_data:{messaging_product,details},
 * error_subcode?,fbtrace_id}}` with the HTTP status Graph uses. The console must build on `code`
 * and `error_data.details`, so the titles here are deliberately Meta's terse ones.
 */
import type { FakeFailure, MetaError } from './server.js';

interface MetaErrorSpec extends MetaError {
  http: number;
}

const spec = (http: number, code: number, message: string, details: string, extra: Partial<MetaError> = {}): MetaErrorSpec => ({
  http,
  code,
  message,
  type: 'OAuthException',
  error_data: { messaging_product: 'whatsapp', details },
  ...extra,
});

export const META_ERRORS = {
  190: spec(401, 190, 'Error validating access token: Session has expired.', 'The access token has expired.', { error_subcode: 463 }),
  368: spec(403, 368, 'Temporarily blocked for policies violations', 'The WhatsApp Business Account is restricted from messaging users due to a policy violation.'),
  80007: spec(400, 80007, 'Rate limit issues', 'The WhatsApp Business Account has reached its rate limit.'),
  130429: spec(400, 130429, 'Rate limit hit', 'Message failed to send because there were too many messages sent from this phone number in a short period of time'),
  131026: spec(400, 131026, 'Message Undeliverable', 'Message undeliverable: the recipient is not a WhatsApp user or has not accepted the latest terms.'),
  131030: spec(400, 131030, 'Recipient phone number not in allowed list', 'Recipient phone number not in allowed list: add it in the WhatsApp Manager.'),
  131047: spec(400, 131047, 'Re-engagement message', 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.'),
  131049: spec(400, 131049, 'This message was not delivered to maintain healthy ecosystem engagement.', 'In order to maintain a healthy ecosystem engagement, the message failed to be delivered.'),
  131051: spec(400, 131051, 'Unsupported message type', 'Message type is not currently supported.'),
  131056: spec(400, 131056, '(Business Account, Consumer Account) pair rate limit hit', 'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.'),
  132000: spec(400, 132000, 'Number of parameters does not match the expected number of params', 'body: number of localizable_params (1) does not match the expected number of params (2)'),
  132001: spec(404, 132001, 'Template name does not exist in the translation', 'template name (order_ready_notification) does not exist in tr'),
  132005: spec(400, 132005, 'Translated text too long', 'Translated text is too long.'),
  132007: spec(400, 132007, 'Template Format Character Policy Violated', 'Template format character policy violated: parameter 1 contains new-line characters.'),
  132012: spec(400, 132012, 'Parameter format does not match format in the created template', 'Parameter format does not match the format in the created template (expected TEXT).'),
  132015: spec(400, 132015, 'Template is Paused', 'The template is paused due to low quality and cannot be sent.'),
  132016: spec(400, 132016, 'Template is Disabled', 'The template has been paused too many times and is now permanently disabled.'),
} as const satisfies Record<number, MetaErrorSpec>;

export type MetaErrorCode = keyof typeof META_ERRORS;

/** A failure for the next `count` POSTs to /messages answering with Meta's error for `code`. */
export function sendFailure(code: MetaErrorCode, count = 1, headers?: Record<string, string>): FakeFailure {
  const { http, ...error } = META_ERRORS[code];
  return { status: http, count, path: /\/messages$/, error: { ...error }, ...(headers ? { headers } : {}) };
}

/**
 * What Graph answers for a request its description refuses (a missing or malformed parameter):
 * (#100) with the parameter named in `error_data.details`, e.g. `Param template[language][policy]
 * is required`. Not in META_ERRORS: it is the fake's answer to a wrong request, not a state.
 */
export function invalidParameter(details: string): MetaError & { http: 400 } {
  return { http: 400, code: 100, message: `(#100) ${details.split('; ')[0]}`, type: 'OAuthException', error_data: { messaging_product: 'whatsapp', details } };
}
