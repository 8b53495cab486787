/** Katalog: mikro. */
export const mikro = {};
