import type { CatalogShape } from '../keys.js';
import type { database as tr } from '../tr/database.js';

export const database: CatalogShape<typeof tr> = {};
