/** Types of build/pg-node-only.js. */
export function pgNodeOnly(): { name: string; transform(code: string, id: string): { code: string; map: null } | null };
