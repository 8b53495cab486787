/** The typed client the pages use, and react-query hooks over it. */
import { useMutation, useQuery, useQueryClient, type UseQueryOptions } from '@tanstack/react-query';
import { createContext, useContext, type ReactNode } from 'react';
import type { OpName, OpOutput } from '../../shared/contract.js';
import type { Transport } from './transport.js';

const TransportContext = createContext<Transport | null>(null);

export function TransportProvider({ transport, children }: { transport: Transport; children: ReactNode }) {
  return <TransportContext.Provider value={transport}>{children}</TransportContext.Provider>;
}

export function useTransport(): Transport {
  const t = useContext(TransportContext);
  if (!t) throw new Error('TransportProvider missing');
  return t;
}

export function useOp<N extends OpName>(
  name: N,
  input: unknown = {},
  options: Omit<UseQueryOptions<OpOutput<N>, Error>, 'queryKey' | 'queryFn'> = {},
) {
  const transport = useTransport();
  return useQuery<OpOutput<N>, Error>({ queryKey: [name, input], queryFn: () => transport.call(name, input), ...options });
}

/** A mutating operation; `invalidates` are refetched after it settles. Pending state blocks a second start. */
export function useOpMutation<N extends OpName>(name: N, invalidates: OpName[] = []) {
  const transport = useTransport();
  const client = useQueryClient();
  return useMutation<OpOutput<N>, Error, unknown>({
    mutationFn: (input: unknown) => transport.call(name, input ?? {}),
    onSettled: async () => {
      await Promise.all(invalidates.map((n) => client.invalidateQueries({ queryKey: [n] })));
    },
  });
}
