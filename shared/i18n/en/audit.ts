import type { CatalogShape } from '../keys.js';
import type { audit as tr } from '../tr/audit.js';

export const audit: CatalogShape<typeof tr> = {
  checks: {
    audit_chain: { title: 'Audit log hash chain' },
  },
  chain: {
    broken_rec: 'Treat it as a security incident: inspect row {{id}} and the one before it; do not edit rows.',
    unknown_reason: 'no reason was reported',
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
  },
};
