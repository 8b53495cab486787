import type { MikroServerFacts } from '../../../shared/mikro.js';
import { useMsg } from '../i18n/messages.js';

/** The connection test's server facts: product and build, edition, collation; Express: data size vs its limit. */
export function MikroServerFactsLine({ facts }: { facts: MikroServerFacts }) {
  const m = useMsg();
  const collation = facts.database_collation ?? facts.server_collation ?? '—';
  return (
    <div className="muted" data-testid="mikro-server-facts">
      {m({ key: 'mikro.server.facts', params: { product: facts.product, edition: facts.edition, collation } })}
      {facts.express && facts.data_bytes !== null && facts.data_limit_bytes !== null && facts.data_used_percent !== null && (
        <>
          {' · '}
          {m({ key: 'mikro.server.express_size', params: { edition: facts.edition, size: facts.data_bytes, limit: facts.data_limit_bytes, percent: facts.data_used_percent } })}
        </>
      )}
    </div>
  );
}
