import type { CatalogShape } from '../keys.js';
import type { backup as tr } from '../tr/backup.js';

export const backup: CatalogShape<typeof tr> = {};
