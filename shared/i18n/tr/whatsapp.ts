/** Katalog: whatsapp. */
export const whatsapp = {};
