/** Katalog: config. */
export const config = {};
