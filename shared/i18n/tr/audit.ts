/** Katalog: audit. */
export const audit = {};
