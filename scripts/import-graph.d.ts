export function specifiers(file: string): string[];
export function importGraph(root: string, dirs: string[]): Map<string, string[]>;
export function cycles(graph: Map<string, string[]>): string[][];
export function oneCycle(graph: Map<string, string[]>, scc: string[]): string;
