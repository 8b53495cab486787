import type { CatalogShape } from '../keys.js';
import type { jobs as tr } from '../tr/jobs.js';

export const jobs: CatalogShape<typeof tr> = {};
