/** Handlers for the SQL Board (R-MIKRO). */
import type { Core } from '../core.js';
import type { Handler } from './dispatch.js';

type MikroOps = 'mikro.settings' | 'mikro.save' | 'mikro.test' | 'mikro.verify' | 'mikro.health' | 'mikro.pushCheck' | 'mikro.query' | 'mikro.cancelQuery';

export function mikroHandlers(core: Core): { [N in MikroOps]: Handler<N> } {
  return {
    'mikro.settings': () => core.mikro.view(),
    'mikro.save': (form, ctx) => core.mikro.save(form, ctx.actor),
    'mikro.test': (form, ctx) => core.mikro.test(form, ctx.actor),
    'mikro.verify': (_input, ctx) => core.mikro.verify(ctx.actor),
    'mikro.health': () => core.mikro.health(),
    'mikro.pushCheck': (_input, ctx) => core.mikro.pushCheck(ctx.actor),
    'mikro.query': ({ sql, max_rows, query_id }, ctx) => core.mikro.query(sql, max_rows, ctx.actor, query_id),
    'mikro.cancelQuery': async ({ query_id }) => core.mikro.cancelQuery(query_id),
  };
}
