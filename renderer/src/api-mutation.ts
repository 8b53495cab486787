/**
 * The pages' mutating calls (react-query's useMutation over the transport). A module of its own,
 * apart from api.tsx: only pages and their components change things, so useMutation and its
 * MutationObserver are fetched with them instead of being part of the initial download.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { OpInput, OpName, OpOutput } from '../../shared/contract.js';
import { useTransport } from './api.js';
import type { CallArgs } from './transport.js';

/** A mutating operation; `invalidates` are refetched after it settles. Pending state blocks a second start. */
export function useOpMutation<N extends OpName>(name: N, invalidates: OpName[] = []) {
  const transport = useTransport();
  const client = useQueryClient();
  return useMutation<OpOutput<N>, Error, OpInput<N> | void>({
    mutationFn: (input) => transport.call(name, ...([input ?? {}] as CallArgs<N>)),
    onSettled: async () => {
      await Promise.all(invalidates.map((n) => client.invalidateQueries({ queryKey: [n] })));
    },
  });
}
