/** Katalog: health. */
export const health = {};
