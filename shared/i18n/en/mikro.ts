import type { CatalogShape } from '../keys.js';
import type { mikro as tr } from '../tr/mikro.js';

export const mikro: CatalogShape<typeof tr> = {};
