// The audit_chain diagnostics check and the key (issue 13): a keyed chain PASSes; its key gone,
// it FAILs saying so; a machine with no key anywhere (no keychain, no ENV:) WARNs — the chain is
// unkeyed and shows accidental changes only; and it verifies incrementally (issue 14).
import { describe, expect, it } from 'vitest';
import { translator } from '../../shared/i18n/translator.js';
import { TEST_AUDIT_KEY_ENV } from '../helpers/core.js';
import { onCleanup, openDiag } from './diagnostics-helpers.js';
import { openTestCore } from '../helpers/core.js';

const en = translator('en');

async function check(core: Awaited<ReturnType<typeof openDiag>>['core']) {
  return (await core.diagnostics.run('tester@host via cli', { only: ['audit_chain'] })).checks[0]!;
}

describe('audit_chain and the HMAC key', () => {
  it('keyed: PASS, then incremental on the next run', async () => {
    const { core } = await openDiag();
    for (let i = 0; i < 3; i++) await core.audit.record({ action: 'TEST', target: `t${i}`, result: 'info', actor: 'a' });
    expect(await check(core)).toMatchObject({ status: 'PASS', observed: { mode: 'full', key: 'present', keyed_from: 1, checked: 3 } });
    await core.audit.record({ action: 'TEST', target: 't3', result: 'info', actor: 'a' });
    const next = await check(core);
    // The stored run above appended nothing; the new row is the only one walked.
    expect(next).toMatchObject({ status: 'PASS', observed: { mode: 'incremental', checked: 1, from: 3 } });
    expect(en.t(next.detail)).toBe('The audit log’s hash chain is intact: 1 rows verified since row 3, the last verified one.');
  });

  it('keyed, the key gone: FAIL naming the key and what to do', async () => {
    const { core, dataDir } = await openDiag();
    for (let i = 0; i < 2; i++) await core.audit.record({ action: 'TEST', target: `t${i}`, result: 'info', actor: 'a' });
    // The same data folder opened without the key in the environment.
    const again = await openTestCore({}, { dataDir, env: { [TEST_AUDIT_KEY_ENV]: '' } });
    onCleanup(() => again.cleanup());
    const c = await check(again.core);
    expect(c).toMatchObject({ status: 'FAIL', observed: { key: 'missing', keyed_from: 1 } });
    expect(en.t(c.detail)).toMatch(/the audit log key \(ENV:OPTIPLAN_TEST_AUDIT_KEY\) is missing/);
    expect(en.t(c.recommendation!)).toMatch(/audit\.key_ref/);
  });

  it('never keyed (no keychain, no ENV: key): WARN — unkeyed, accidental changes only', async () => {
    // No key reference resolves: the default VAULT: reference and no keychain.
    const tc = await openTestCore({}, { system: { audit: {} }, env: {} });
    onCleanup(() => tc.cleanup());
    await tc.core.migrations.up();
    await tc.core.audit.record({ action: 'TEST', target: 't', result: 'info', actor: 'a' });
    const c = await check(tc.core);
    expect(c).toMatchObject({ status: 'WARN', observed: { key: 'missing', keyed_from: null } });
    expect(en.t(c.detail)).toBe('The audit log is not keyed: the audit log key (VAULT:audit_chain_key) is missing: the keyed rows cannot be checked. The chain shows accidental changes only.');
  });
});
