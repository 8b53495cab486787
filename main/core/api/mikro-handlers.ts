/** Handlers for the SQL Board (R-MIKRO). */
import type { MikroService } from '../mikro/mikro-service.js';
import type { Handler } from './dispatch.js';

type MikroOps = 'mikro.settings' | 'mikro.save' | 'mikro.test' | 'mikro.verify' | 'mikro.health' | 'mikro.pushCheck' | 'mikro.query' | 'mikro.cancelQuery' | 'mikro.statementLog' | 'mikro.cancelTest' | 'mikro.sync' | 'mikro.syncStatus' | 'mikro.companies';

/** What these handlers use, and nothing more. */
export interface MikroHandlerDeps {
  mikro: Pick<MikroService, 'view' | 'save' | 'test' | 'verify' | 'health' | 'pushCheck' | 'query' | 'cancelQuery' | 'statementLog' | 'cancelTest' | 'pull' | 'companies'>;
}

export function mikroHandlers({ mikro }: MikroHandlerDeps): { [N in MikroOps]: Handler<N> } {
  return {
    'mikro.settings': () => mikro.view(),
    'mikro.save': (form, ctx) => mikro.save(form, ctx.actor),
    // Each finished stage is the job's progress (job.progress { stage, index, total }).
    'mikro.test': (form, ctx) => mikro.test(form, ctx.actor, ctx.job ? (p) => ctx.job?.progress(p) : undefined),
    'mikro.cancelTest': async () => mikro.cancelTest(),
    'mikro.verify': (_input, ctx) => mikro.verify(ctx.actor),
    'mikro.health': () => mikro.health(),
    'mikro.pushCheck': (_input, ctx) => mikro.pushCheck(ctx.actor),
    'mikro.query': ({ sql, max_rows, query_id }, ctx) => mikro.query(sql, max_rows, ctx.actor, query_id),
    'mikro.cancelQuery': async ({ query_id }) => mikro.cancelQuery(query_id),
    'mikro.statementLog': async ({ limit }) => mikro.statementLog(limit),
    // Each committed page is the job's progress (job.progress { table, page, rows_read, rows_changed }).
    'mikro.sync': (input, ctx) => mikro.pull.run(input, ctx.actor, ctx.job ? (p) => ctx.job?.progress(p) : undefined, (id) => ctx.job?.setRunId(id)),
    'mikro.syncStatus': () => mikro.pull.status(),
    'mikro.companies': (form, ctx) => mikro.companies(form, ctx.actor),
  };
}
