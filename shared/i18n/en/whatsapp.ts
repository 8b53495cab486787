import type { CatalogShape } from '../keys.js';
import type { whatsapp as tr } from '../tr/whatsapp.js';

export const whatsapp: CatalogShape<typeof tr> = {};
