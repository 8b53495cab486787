import type { CatalogShape } from '../keys.js';
import type { report as tr } from '../tr/report.js';

export const report: CatalogShape<typeof tr> = {};
