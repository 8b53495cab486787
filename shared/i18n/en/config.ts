import type { CatalogShape } from '../keys.js';
import type { config as tr } from '../tr/config.js';

export const config: CatalogShape<typeof tr> = {
  checks: {
    config_files_valid: { title: 'Config files' },
    plaintext_secrets: { title: 'Plain-text secrets' },
    keychain_available: { title: 'Keychain' },
  },
  files: {
    valid: 'All {{count, n}} config files are valid.',
    valid_missing: '{{count, n}} config files are valid; {{missing_count, n}} missing, defaults apply: {{missing, list}}.',
    invalid: '{{count, n}} config file(s) invalid: {{files, list}}. First problem: {{first}}',
    invalid_rec: 'Fix the named field(s) in {{dir}}, then verify: optiplan360 config check',
  },
  errors: {
    invalid: '{{file}} is invalid: {{first}}',
    invalid_more: '{{file}} is invalid: {{first}} (and {{more, n}} more problem(s))',
    at: '{{file}}, {{path}}: {{reason}}',
    at_line: '{{file}}, {{path}} (line {{line}}, column {{column}}): {{reason}}',
    not_json: '{{file}} is not valid JSON.',
    not_json_at: '{{file}} is not valid JSON: line {{line}}, column {{column}}.',
    unreadable: '{{file}} could not be read.',
    literal_secret: '{{file}}: {{paths, list}} would store a secret in plain text; store it with “optiplan360 secrets set” and use VAULT:<name>.',
    expected_ref: 'must be a VAULT:<name> or ENV:<NAME> reference',
    literal_not_allowed: '{{where}} must be a VAULT:<name> or ENV:<NAME> reference; a literal value is not used.',
    remove_root: '{{file}} was not saved: a key to remove has an empty path (the whole file is never removed).',
    whole_file: '(the whole file)',
    too_deep: '{{file}} was not saved: the value nests deeper than {{max, n}} levels. Config files are never this deep; correct the request.',
    too_large: '{{file}} was not saved: the file would be {{size, bytes}}, the limit is {{max, bytes}}. Config files are a few KB; correct the request.',
  },
  cli: {
    folder: 'Config folder: {{dir}}',
    missing: 'missing (defaults apply)',
    ok: 'valid ({{encoding}})',
    invalid: 'INVALID',
    keychain_ok: 'Keychain: available ({{backend}})',
    keychain_missing: 'Keychain: not available',
    secrets_none: 'Plain-text secrets: none',
    secrets_found: 'Plain-text secrets: {{count, n}} (to fix: optiplan360 config check --fix-secrets)',
    finding: '{{file}} {{path}} ({{kind}}) → would become {{ref}}',
    moved: 'moved {{file}} {{path}} → {{ref}}',
  },
};
