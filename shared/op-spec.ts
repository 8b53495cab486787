/**
 * How one contract operation is declared (shared/contract.ts): its input schema and result
 * type, who may call it, what it touches, what it conflicts with, whether it is a job, and
 * which doors offer it. Every door and typed client reads these; nothing restates them.
 */
import type { z } from 'zod';

/** Who may call an operation: anyone reaching the door (`public`), a reader, or a writer (token over HTTP, audited). */
export type Access = 'public' | 'read' | 'write';
/** What an operation touches besides returning a value. */
export type Effect = 'db' | 'audit' | 'external' | 'fs';
export type DoorName = 'ipc' | 'http' | 'cli';
export const ALL_DOORS = ['ipc', 'http', 'cli'] as const satisfies readonly DoorName[];

export interface OpDef<I extends z.ZodType, O, J extends boolean = boolean, D extends readonly DoorName[] = readonly DoorName[]> {
  input: I;
  access: Access;
  effects: readonly Effect[];
  /**
   * What really conflicts: a key derived from the parsed input (a backup per database, a secret
   * per name), or null = no exclusivity. For a job a second call with the same key attaches to
   * the running job; for anything else it is E_BUSY.
   */
  concurrency: ((input: z.output<I>) => string | null) | null;
  /** A long operation: run as a job (an id, progress events, attach-if-running). */
  job: J;
  /** Which doors offer it; the others answer E_NOT_FOUND naming the door. */
  doors: D;
  /** Derived: `access === 'write'` (the token over HTTP; kept for the readers of the older field). */
  mutates: boolean;
  summary: string;
  /** Phantom field carrying the result type; never set at runtime. */
  readonly __output?: O;
}

interface OpSpec<I extends z.ZodType, J extends boolean, D extends readonly DoorName[]> {
  input: I;
  access: Access;
  effects: readonly Effect[];
  concurrency?: (input: z.output<I>) => string | null;
  job?: J;
  doors?: D;
  summary: string;
}

/** `op<Result>()({...})` pins the result type while inferring the input schema, `job` and `doors`. */
export function op<O>() {
  return <I extends z.ZodType, const J extends boolean = false, const D extends readonly DoorName[] = typeof ALL_DOORS>(spec: OpSpec<I, J, D>): OpDef<I, O, J, D> => ({
    input: spec.input,
    access: spec.access,
    effects: spec.effects,
    concurrency: spec.concurrency ?? null,
    job: (spec.job ?? false) as J,
    doors: (spec.doors ?? ALL_DOORS) as unknown as D,
    mutates: spec.access === 'write',
    summary: spec.summary,
  });
}

