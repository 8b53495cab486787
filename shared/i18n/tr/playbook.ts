/** Katalog: playbook. */
export const playbook = {};
