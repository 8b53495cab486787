import type { CatalogShape } from '../keys.js';
import type { cli as tr } from '../tr/cli.js';

export const cli: CatalogShape<typeof tr> = {};
