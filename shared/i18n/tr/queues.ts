/** Katalog: queues. */
export const queues = {};
