/** Handlers for the support bundle and the fleet view (issue 18). */
import type { FleetService } from '../fleet/fleet-service.js';
import type { SupportService } from '../support/support-service.js';
import type { Handler } from './dispatch.js';

type SupportOps = 'support.preview' | 'support.bundle' | 'fleet.list';

export interface SupportHandlerDeps {
  support: Pick<SupportService, 'preview' | 'build'>;
  fleet: Pick<FleetService, 'list'>;
}

export function supportHandlers({ support, fleet }: SupportHandlerDeps): { [N in SupportOps]: Handler<N> } {
  return {
    'support.preview': async () => support.preview(),
    'support.bundle': ({ lang }, ctx) => support.build(ctx.actor, { lang }),
    'fleet.list': ({ history }) => fleet.list({ history }),
  };
}
