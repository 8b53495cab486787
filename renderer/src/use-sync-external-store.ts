/**
 * react-i18next imports `use-sync-external-store/shim`, a polyfill for React before 18. This
 * console runs React 19, which has the hook itself: vite.config.ts points the shim here so the
 * polyfill (about half a kilobyte compressed) stays out of the initial download.
 */
export { useSyncExternalStore } from 'react';
