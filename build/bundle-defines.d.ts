/** Types of build/bundle-defines.js. */
export function bundleDefines(root: string): Record<string, string>;
