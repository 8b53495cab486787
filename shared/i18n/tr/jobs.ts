/** Katalog: jobs. */
export const jobs = {};
