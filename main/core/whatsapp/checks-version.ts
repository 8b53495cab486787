/**
 * `whatsapp_api_version`: the configured Graph API version against Meta's published end dates
 * (api-versions.ts). No request is made; the clock is the caller's (tests set it).
 */
import { msg } from '../../../shared/messages.js';
import { passed, problem, type CheckOutcome } from '../checks/check-builders.js';
import { assessApiVersion, WARN_DAYS } from './api-versions.js';
import { STEP_RERUN, STEP_SETTINGS } from './check-texts.js';
import type { WhatsappSettings } from './whatsapp-settings.js';

/** The end date as the moment it takes effect (00:00 UTC), shown in local time by `{{x, when}}`. */
const moment = (isoDate: string) => `${isoDate}T00:00:00Z`;

export function apiVersionOutcome(s: Pick<WhatsappSettings, 'api_version'>, now: Date): CheckOutcome {
  const a = assessApiVersion(s.api_version, now);
  const observed = { api_version: a.version, state: a.state, ends: a.known?.ends ?? null, days_left: a.days_left, move_to: a.move_to, warn_days: WARN_DAYS };
  const steps = [STEP_SETTINGS, STEP_RERUN];
  const rec = a.move_to ? msg('whatsapp.version.move_rec', { to: a.move_to }) : msg('whatsapp.version.changelog_rec');
  switch (a.state) {
    case 'ended':
      return problem('FAIL', msg('whatsapp.version.ended', { version: a.version, ends: moment(a.known!.ends!) }), rec, { steps, observed });
    case 'ending_soon':
      return problem('WARN', msg('whatsapp.version.ending_soon', { version: a.version, ends: moment(a.known!.ends!), days: a.days_left ?? 0, warn: WARN_DAYS }), rec, { steps, observed });
    case 'unknown_older':
      return problem('FAIL', msg('whatsapp.version.too_old', { version: a.version }), rec, { steps, observed });
    case 'unknown_newer':
      return problem('WARN', msg('whatsapp.version.unknown', { version: a.version }), msg('whatsapp.version.changelog_rec'), { steps, observed });
    case 'malformed':
      return problem('FAIL', msg('whatsapp.version.malformed', { version: a.version }), rec, { steps, observed });
    default:
      return passed(
        a.known?.ends
          ? msg('whatsapp.version.ok', { version: a.version, ends: moment(a.known.ends), days: a.days_left ?? 0 })
          : msg('whatsapp.version.ok_no_end', { version: a.version }),
        observed,
      );
  }
}
