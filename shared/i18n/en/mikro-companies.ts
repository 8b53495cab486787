import type { CatalogShape } from '../keys.js';
import type { mikroCompanies as trMikroCompanies } from '../tr/mikro-companies.js';

/** Catalogue: mikro.companies (Find companies) and mikro.contract (schema contract). Same `mikro` namespace. */
export const mikroCompanies: CatalogShape<typeof trMikroCompanies> = {
  companies: {
    found_master: 'Companies found in the master database {{master}}: {{count, n}}.',
    found_names: 'The master database could not be read; companies found from the database names on the server: {{count, n}} (their names are not known).',
    none: 'The master database could not be read and the server shows no Mikro company database (MikroDB_V16_…, MikroDB_V15_…, MikroDesktop_…).',
    outcome: {
      read: 'read',
      unavailable: 'missing or not accessible',
      denied: 'no SELECT permission on VERI_TABANLARI',
      no_table: 'no VERI_TABANLARI table',
      failed: 'could not be read',
    },
    ui: {
      find: 'Find companies',
      finding: 'Looking for companies…',
      intro: 'Lists the Mikro companies on the server from the master database (MikroDB_V16, MikroDB_V15, MikroDesktop), read-only. Picking one fills in the Database field; remember to save.',
      code: 'Code',
      name: 'Company name',
      database: 'Database',
      pick: 'Pick',
      picked: 'The Database field is now “{{database}}”; remember to save.',
      missing: 'not on the server',
      unnamed: '(name not known)',
      attempts: 'Master databases tried: {{list}}',
      attempt: '{{database}}: {{outcome}}',
      failed: 'Companies could not be found: {{message}}',
    },
    cli: {
      line: '  {{code}}  {{name}}  → {{database}}{{missing}}',
      missing: ' (not on the server)',
      attempt: '  {{database}}: {{outcome}}',
      help: "Find Mikro companies: the master database's VERI_TABANLARI table (read-only); the server's database names when it cannot be read",
    },
  },
  contract: {
    catalog_failed: 'The database catalog (INFORMATION_SCHEMA.COLUMNS) could not be read: {{reason}}',
    ok: 'The schema contract holds: {{tables, list}} ({{columns, n}} columns, compatible types).',
    missing_tables: 'Missing tables: {{tables, list}}.',
    missing_columns: 'Missing columns: {{columns, list}}.',
    wrong_types: 'Incompatible types: {{columns, list}}.',
    case_differs: 'Names spelled differently in the catalog: {{names, list}}. In a Turkish collation (Turkish_CI_AS) i and I are different letters; the console must send names as the catalog spells them.',
    failed_rec: 'Check that the connection points at the right company database and which Mikro version it is; if this version names things differently, declare the tables and columns to read (spelled as in the catalog) in schema_contract in mikro_connection.json.',
    case_rec: 'Write the names in schema_contract in mikro_connection.json as the catalog spells them.',
  },
};
