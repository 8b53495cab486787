/** Katalog: system. */
export const system = {};
