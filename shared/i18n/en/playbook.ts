import type { CatalogShape } from '../keys.js';
import type { playbook as tr } from '../tr/playbook.js';

export const playbook: CatalogShape<typeof tr> = {};
