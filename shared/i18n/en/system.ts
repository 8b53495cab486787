import type { CatalogShape } from '../keys.js';
import type { system as tr } from '../tr/system.js';

export const system: CatalogShape<typeof tr> = {};
