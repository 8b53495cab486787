/** Katalog: report. */
export const report = {};
