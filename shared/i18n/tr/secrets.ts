/** Katalog: secrets. */
export const secrets = {};
