// Public surface of the WhatsApp Cloud API module (R-WA-1…4). main/core only: no electron.
export * from './whatsapp-config.js';
export * from './whatsapp-settings.js';
export type { DayHours, RateLimits, RetrySettings, TemplateSetting, Weekday, WhatsappConfigProblem, WhatsappConfigFile, ProblemSeverity } from './settings-validate.js';
export { DEFAULT_RATE_LIMITS, DEFAULT_RETRY, WEEKDAYS } from './settings-validate.js';
export * from './graph-errors.js';
export * from './graph-client.js';
export * from './graph-api.js';
export * from './rate-limiter.js';
export * from './phone.js';
export * from './template-params.js';
export * from './verify-token.js';
export type { WhatsappCheck, WhatsappCheckName, Outcome } from './check-result.js';
export { WHATSAPP_CHECK_NAMES, DISABLED_BECAUSE } from './check-result.js';
export { runWhatsappChecks, configCheck, whatsappCheckNames, type WhatsappCheckContext } from './checks.js';
export { checkWebhookVerifyToken, checkWebhookHandshake, type WebhookCheckContext } from './checks-webhook.js';
export * from './test-message.js';
export * from './whatsapp-health.js';
