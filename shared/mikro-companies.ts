/** Company discovery on the SQL Board ("Firmaları bul", issue 16 §1): what `mikro.companies` answers. */
import type { Message } from './messages.js';

/** Mikro's master databases, newest line first: each lists its companies in VERI_TABANLARI. */
export const MIKRO_MASTER_DATABASES = ['MikroDB_V16', 'MikroDB_V15', 'MikroDesktop'] as const;
export type MikroMasterDatabase = (typeof MIKRO_MASTER_DATABASES)[number];

export interface MikroCompany {
  /** DB_kod (or the suffix of the database name when read from sys.databases). */
  code: string;
  /** DB_isim; null when only the database name is known. */
  name: string | null;
  /** The company database, `<master>_<kod>`: what the database field of the form takes. */
  database: string;
  /** The database is on the server (sys.databases); null when that list could not be read. */
  exists: boolean | null;
}

/** One master database tried, in order, and what came of it. */
export interface MikroMasterAttempt {
  database: string;
  outcome: 'read' | 'unavailable' | 'denied' | 'no_table' | 'failed';
  /** The driver's words (masked), for support. */
  technical_detail?: string;
}

export interface MikroCompaniesResult {
  /** Where the list came from: a master's VERI_TABANLARI, or only database names. */
  source: 'master' | 'database_names';
  /** The master database read (source = master). */
  master: string | null;
  companies: MikroCompany[];
  attempts: MikroMasterAttempt[];
  /** One sentence for people: how many, from where. */
  message: Message;
}
