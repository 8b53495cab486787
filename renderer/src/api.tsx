/**
 * The typed client the pages use, react-query hooks over it (mutations in api-mutation.ts), and live updates: the contract's
 * events (job.*, health.sample) invalidate the queries they make stale, so a page shows a run
 * started in another window, the CLI's process excepted (that one shows through `jobs.list`).
 */
import { useQuery, useQueryClient, type QueryClient, type UseQueryOptions } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useRef, type ReactNode } from 'react';
import type { OpInput, OpName, OpOutput } from '../../shared/contract.js';
import type { EventEnvelope } from '../../shared/events.js';
import type { CallArgs, Transport } from './transport.js';

const TransportContext = createContext<Transport | null>(null);

/** Provides the transport; with `live` (default) also keeps queries fresh from the event stream (needs a QueryClientProvider above). */
export function TransportProvider({ transport, children, live = true }: { transport: Transport; children: ReactNode; live?: boolean }) {
  return (
    <TransportContext.Provider value={transport}>
      {live && <LiveUpdates />}
      {children}
    </TransportContext.Provider>
  );
}

export function useTransport(): Transport {
  const t = useContext(TransportContext);
  if (!t) throw new Error('TransportProvider missing');
  return t;
}

export function useOp<N extends OpName>(
  name: N,
  input: OpInput<N> = {} as OpInput<N>,
  options: Omit<UseQueryOptions<OpOutput<N>, Error>, 'queryKey' | 'queryFn'> = {},
) {
  const transport = useTransport();
  return useQuery<OpOutput<N>, Error>({ queryKey: [name, input], queryFn: () => transport.call(name, ...([input] as CallArgs<N>)), ...options });
}

/** Every contract event while the component is mounted (the latest `listener` is called). */
export function useEvents(listener: (event: EventEnvelope) => void, onConnected?: () => void): void {
  const transport = useTransport();
  const latest = useRef({ listener, onConnected });
  latest.current = { listener, onConnected };
  useEffect(
    () =>
      transport.subscribe(
        (e) => latest.current.listener(e),
        () => latest.current.onConnected?.(),
      ),
    [transport],
  );
}

/** Which queries a job's events make stale: while it runs (started/progress) and when it ends. */
const JOB_INVALIDATES: Partial<Record<OpName, { running?: OpName[]; finished: OpName[] }>> = {
  'backup.run': { running: ['backup.status'], finished: ['backup.status', 'backup.list', 'backup.checks', 'health.get'] },
  'backup.verify': { finished: ['backup.list', 'backup.checks'] },
  'diagnostics.run': { running: ['diagnostics.progress'], finished: ['diagnostics.progress', 'diagnostics.list'] },
  'migrations.up': { finished: ['migrations.status', 'health.get'] },
  'mikro.test': { finished: ['mikro.settings'] },
};

/** The live queries refetched after the stream (re)connects: they may have changed meanwhile. */
const ON_CONNECT: OpName[] = ['jobs.list', 'backup.status', 'diagnostics.progress'];

export function invalidationsFor(event: EventEnvelope): OpName[] {
  if (event.name === 'health.sample') return ['health.history'];
  const rule = JOB_INVALIDATES[event.data.op as OpName];
  const own = event.name === 'job.finished' ? (rule?.finished ?? []) : (rule?.running ?? []);
  return ['jobs.list', ...own];
}

function invalidate(client: QueryClient, names: OpName[]): void {
  for (const n of names) void client.invalidateQueries({ queryKey: [n] });
}

function LiveUpdates() {
  const client = useQueryClient();
  useEvents(
    (e) => invalidate(client, invalidationsFor(e)),
    () => invalidate(client, ON_CONNECT),
  );
  return null;
}

/** How often pages refetch live state anyway (the stream may be down, or not offered). */
export const FALLBACK_REFETCH_MS = 30_000;
