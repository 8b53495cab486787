/** The CLI proper, loaded by cli-entry.ts after the compile cache is on (a chunk of its own in the bundle). */
export { main } from '../cli/index.js';
