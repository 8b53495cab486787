import { contextFromCore, runDiagnostics } from './main/core/diagnostics/index.js';
import { openTestCore } from './test/helpers/core.js';
const tc = await openTestCore({}, {});
await tc.core.migrations.up();
const ctx = contextFromCore(tc.core, { env: {}, actor: 'x@y' });
for (let i = 0; i < 30; i++) {
  const r = await runDiagnostics(ctx, {});
  const a = r.checks.find((c) => c.name === 'audit_chain')!;
  if (a.status !== 'PASS') { console.log(i, a.detail); console.log('at rest:', JSON.stringify(await tc.core.audit.verify())); break; }
}
await tc.cleanup();
process.exit(0);
