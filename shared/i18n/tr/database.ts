/** Katalog: database. */
export const database = {};
