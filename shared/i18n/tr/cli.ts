/** Katalog: cli. */
export const cli = {};
