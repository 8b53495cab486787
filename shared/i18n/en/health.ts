import type { CatalogShape } from '../keys.js';
import type { health as tr } from '../tr/health.js';

export const health: CatalogShape<typeof tr> = {};
