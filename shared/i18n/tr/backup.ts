/** Katalog: backup. */
export const backup = {};
