import type { CatalogShape } from '../keys.js';
import type { config as tr } from '../tr/config.js';

export const config: CatalogShape<typeof tr> = {};
