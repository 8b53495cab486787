/** The README inside a support bundle, in the chosen language (catalogue support.readme.*), CRLF for Notepad. */
import type { Translator } from '../../../shared/i18n/translator.js';
import type { SupportUnavailablePart } from '../../../shared/support.js';

export function bundleReadme(t: Translator, opts: { logLimit: number; unavailable: SupportUnavailablePart[] }): string {
  const lines = [
    t.text('support.readme.title'),
    '',
    t.text('support.readme.intro'),
    '',
    t.text('support.readme.redacted_header'),
    `- ${t.text('support.readme.redacted_secrets')}`,
    `- ${t.text('support.readme.redacted_bak')}`,
    `- ${t.text('support.readme.redacted_personal')}`,
    `- ${t.text('support.readme.redacted_hosts')}`,
    `- ${t.text('support.readme.logs_limit', { limit: opts.logLimit })}`,
    '',
    t.text('support.readme.cannot_header'),
    `- ${t.text('support.readme.cannot_unknown')}`,
    `- ${t.text('support.readme.cannot_hosts')}`,
    `- ${t.text('support.readme.cannot_free_text')}`,
    `- ${t.text('support.readme.cannot_check')}`,
    '',
    t.text('support.readme.manifest'),
  ];
  if (opts.unavailable.length) {
    lines.push('', t.text('support.readme.unavailable_header'));
    for (const u of opts.unavailable) lines.push(`- ${u.part}: ${t.t(u.reason)}`);
  }
  return `${lines.join('\n')}\n`;
}
