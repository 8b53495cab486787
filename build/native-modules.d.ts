/** Types of build/native-modules.js (plain JavaScript, also run by the vite configs). */
export function productionClosure(root: string): string[];
export function nativePackages(root: string): string[];
export function runtimeClosure(root: string, names?: string[]): string[];
export const RUNTIME_FILES: string[];
export function copyRuntimeModules(root: string, destNodeModules: string, names?: string[]): string[];
