import type { CatalogShape } from '../keys.js';
import type { audit as tr } from '../tr/audit.js';

export const audit: CatalogShape<typeof tr> = {};
