import type { CatalogShape } from '../keys.js';
import type { secrets as tr } from '../tr/secrets.js';

export const secrets: CatalogShape<typeof tr> = {};
