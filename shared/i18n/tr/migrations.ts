/** Katalog: migrations. */
export const migrations = {};
