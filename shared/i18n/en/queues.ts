import type { CatalogShape } from '../keys.js';
import type { queues as tr } from '../tr/queues.js';

export const queues: CatalogShape<typeof tr> = {};
