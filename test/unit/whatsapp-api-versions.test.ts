// Graph API versions at their boundaries, on a clock the test sets: PASS until 90 days before the
// end date, WARN from then (naming the version to move to), FAIL from the end date (00:00 UTC) on.
import { describe, expect, it } from 'vitest';
import { translator } from '../../shared/i18n/translator.js';
import type { Message } from '../../shared/messages.js';
import { assessApiVersion, DEFAULT_API_VERSION, GRAPH_API_VERSIONS, newestReleased, WARN_DAYS } from '../../main/core/whatsapp/api-versions.js';
import { apiVersionOutcome } from '../../main/core/whatsapp/checks-version.js';

const tr = (m: Message) => translator('tr').t(m);
const en = (m: Message) => translator('en').t(m);
const DAY = 86_400_000;
const at = (iso: string, deltaMs = 0) => new Date(Date.parse(`${iso}T00:00:00Z`) + deltaMs);

describe('Graph API versions table', () => {
  it('holds Meta’s published dates, oldest first; the shipped default is the newest released', () => {
    expect(GRAPH_API_VERSIONS.map((v) => [v.version, v.ends])).toEqual([
      ['v20.0', '2026-09-24'],
      ['v21.0', '2027-01-21'],
      ['v22.0', '2027-05-20'],
      ['v23.0', '2027-10-08'],
      ['v24.0', '2028-02-18'],
      ['v25.0', '2028-07-29'],
      ['v26.0', null],
    ]);
    expect(DEFAULT_API_VERSION).toBe('v26.0');
    expect(newestReleased(new Date('2026-12-03T00:00:00Z')).version).toBe('v26.0');
    // The day before v26.0 was released, v25.0 was the one to move to.
    expect(newestReleased(at('2026-07-29', -1)).version).toBe('v25.0');
  });

  it.each([
    ['v21.0', '2027-01-21'],
    ['v20.0', '2026-09-24'],
    ['v25.0', '2028-07-29'],
  ])('%s (ends %s): PASS → WARN exactly 90 days before → FAIL on the end date', (version, ends) => {
    const before = assessApiVersion(version, at(ends, -WARN_DAYS * DAY - 1));
    expect(before.state).toBe('current');
    expect(assessApiVersion(version, at(ends, -WARN_DAYS * DAY)).state).toBe('ending_soon');
    const lastMoment = assessApiVersion(version, at(ends, -1));
    expect(lastMoment).toMatchObject({ state: 'ending_soon', days_left: 0 });
    expect(assessApiVersion(version, at(ends)).state).toBe('ended');
    expect(assessApiVersion(version, at(ends, 400 * DAY)).state).toBe('ended');
  });

  it('the check: PASS with the end date, WARN with the days left, FAIL naming the version to move to — in both languages', () => {
    const s = { api_version: 'v21.0' };
    const pass = apiVersionOutcome(s, at('2026-10-23', -1));
    expect(pass.status).toBe('PASS');
    expect(pass.observed).toMatchObject({ state: 'current', ends: '2027-01-21', days_left: 90 });
    expect(tr(pass.detail)).toMatch(/^Graph API v21\.0 kullanılıyor; Meta bu sürümü (20|21)\.01\.2027 .* tarihine kadar destekliyor \(90 gün kaldı\)\.$/);

    const warn = apiVersionOutcome(s, new Date('2026-12-03T12:00:00Z'));
    expect(warn).toMatchObject({ status: 'WARN', observed: { state: 'ending_soon', days_left: 48, move_to: 'v26.0' } });
    expect(tr(warn.detail)).toMatch(/desteği (20|21)\.01\.2027 .* tarihinde bitiyor \(48 gün kaldı; 90 günden az kalınca uyarılır\)/);
    expect(en(warn.recommendation!)).toBe('Set api_version in whatsapp.json to v26.0 (Settings → WhatsApp), then send a test message and run the checks again.');
    expect(tr(warn.recommendation!)).toMatch(/api_version değerini v26\.0 yapın/);

    const fail = apiVersionOutcome(s, at('2027-01-21'));
    expect(fail).toMatchObject({ status: 'FAIL', observed: { state: 'ended', move_to: 'v26.0' } });
    expect(en(fail.detail)).toMatch(/^Support for Graph API v21\.0 ended on (20|21)\/01\/2027/);
    expect(tr(fail.detail)).toMatch(/Meta bu sürümle gelen istekleri reddeder/);
    expect(en(fail.recommendation!)).toMatch(/to v26\.0/);
  });

  it('a version without an end date PASSes; unknown, too old and malformed ones say so', () => {
    const now = new Date('2026-12-03T00:00:00Z');
    const current = apiVersionOutcome({ api_version: 'v26.0' }, now);
    expect(current.status).toBe('PASS');
    expect(en(current.detail)).toBe('Graph API v26.0 is in use; Meta has not announced an end date for it yet.');
    expect(current.observed).toMatchObject({ move_to: null });

    const old = apiVersionOutcome({ api_version: 'v17.0' }, now);
    expect(old.status).toBe('FAIL');
    expect(en(old.recommendation!)).toMatch(/v26\.0/);
    const newer = apiVersionOutcome({ api_version: 'v27.0' }, now);
    expect(newer.status).toBe('WARN');
    expect(tr(newer.detail)).toMatch(/bilinen sürümler tablosunda yok/);
    expect(apiVersionOutcome({ api_version: '21' }, now).status).toBe('FAIL');
  });
});
