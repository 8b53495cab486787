import type { CatalogShape } from '../keys.js';
import type { audit as tr } from '../tr/audit.js';

export const audit: CatalogShape<typeof tr> = {
  checks: {
    audit_chain: { title: 'Audit log hash chain' },
    audit_log_owner: { title: 'Owner of the audit table' },
  },
  chain: {
    broken_rec: 'Treat it as a security incident: inspect row {{id}} and the one before it; do not edit rows.',
    unknown_reason: 'no reason was reported',
    intact_incremental: 'The audit log’s hash chain is intact: {{count, n}} rows verified since row {{from}}, the last verified one.',
    unkeyed: 'The audit log is not keyed: {{reason}}. The chain shows accidental changes only.',
    key_rec: 'Bring the key back (from a backup of the keychain) or give an ENV: reference in system_config.json audit.key_ref; if the key was lost, record it as a security incident.',
  },
  owner: {
    sqlite: 'Anyone who can write the SQLite file can change the table; the key and the anchors reveal the change.',
    no_table: 'There is no audit_log table.',
    owns: 'The app’s login {{login}} owns the audit_log table ({{owner}}): it can disable the triggers and change rows.',
    superuser: 'The app’s login {{login}} is a superuser: it can disable the audit_log triggers and change rows.',
    may_change: 'The app’s login {{login}} holds UPDATE, DELETE or TRUNCATE on audit_log.',
    ok: 'The app’s login {{login}} may only insert into and read audit_log (owned by {{owner}}).',
    rec: 'Run migrations with a separate owner login (database.migration_url) and grant the app login only SELECT and INSERT on audit_log (README: Security).',
  },
  cli: {
    page: '({{shown, n}} of {{total, n}})',
    wrote: 'wrote {{rows, n}} row(s) to {{file}}.',
  },
  verify: {
    intact: 'The audit log’s hash chain is intact: {{count, n}} rows verified.',
    broken: 'The audit log’s hash chain is broken at row {{id}}: {{reason}} ({{count, n}} rows verified before it).',
    head_missing: 'the chain head row (audit_chain_head) is missing',
    link_broken: 'the previous row was changed or deleted, or a row was inserted before this one',
    row_edited: 'this row was edited after it was written',
    tail_deleted: 'rows after row {{last}} were deleted (the chain head expects row {{expected}})',
    mac_mismatch: 'this row’s keyed MAC (HMAC) does not match: it was edited, and its hash recomputed, by someone without the key',
    mac_missing: 'this row has no keyed MAC (HMAC), although the chain is keyed from row {{from}} on',
    mac_before_upgrade: 'this row has a keyed MAC, but the chain head says the keyed part does not start at row {{from}}: the head was changed',
    head_rewritten: 'the chain head’s MAC does not match the last row: the head was rewritten',
    rows_above_head: '{{count, n}} rows lie above the chain head: they were written around the chain, or the head was moved back',
    key_missing: 'the audit log key ({{ref}}) is missing: the keyed rows cannot be checked',
    key_unusable: 'the audit log key ({{ref}}) cannot be used: the reference must give at least 32 characters',
    key_mismatch: 'the key in {{ref}} is not the key this chain was written with',
    not_keyed: 'the key ({{ref}}) exists but no row is keyed: the keyed rows or the upgrade point were removed',
    verified_changed: 'row {{id}}, verified earlier, has been changed since',
    anchor_empty: 'the audit log is empty, but {{source}} recorded {{count, n}} rows',
    anchor_ahead: '{{source}} recorded the chain up to row {{anchor}}; the log now ends at row {{last}}: newer rows were deleted',
    anchor_mismatch: 'row {{id}} is not the row {{source}} recorded',
    anchor_count: '{{source}} recorded {{expected, n}} rows up to row {{id}}; there are now {{actual, n}}',
  },
  anchor: {
    backup: 'the manifest of backup {{name}}',
    diagnostics: 'diagnostics report {{name}}',
  },
  note: {
    unkeyed: 'No row of the chain is keyed ({{count, n}} rows linked by unkeyed SHA-256 only): it shows accidental changes only.',
    legacy: 'The {{count, n}} rows before row {{from}} were written in the legacy form (unkeyed SHA-256): a change made to them before the upgrade cannot be detected; since the upgrade the first keyed row binds them too.',
    keyed: 'Rows from row {{from}} on are keyed (HMAC-SHA-256).',
    anchors: 'Checked against {{count, n}} anchors outside the database; the newest: {{source}} (row {{id}}).',
    no_anchors: 'No anchor outside the database was found (no backup yet): deleting the newest rows together with the chain head could go unnoticed.',
    incremental: 'Only rows after row {{from}} were checked; the older ones were checked by the full verify of {{when, when}}.',
  },
  proof: {
    title: 'What does the audit log prove?',
    proves: 'It proves: keyed rows cannot be changed, inserted or deleted unnoticed by anyone without the key; deleting the newest rows is caught by the anchors in backup manifests and diagnostics reports.',
    cannot: 'It cannot prove: someone with both the key and the database (the same Windows user, an administrator) can rewrite the rows from the start; rows added after the newest anchor can be deleted unnoticed until the next backup; changes made to legacy (unkeyed) rows before the keyed chain began cannot be seen; a row shows what was declared when it was written, nothing more.',
  },
};
