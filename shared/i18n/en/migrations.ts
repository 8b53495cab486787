import type { CatalogShape } from '../keys.js';
import type { migrations as tr } from '../tr/migrations.js';

export const migrations: CatalogShape<typeof tr> = {};
