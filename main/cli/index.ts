/** `optiplan360 <verb>`: the terminal door onto the core (R-OPS-1). */
import { Command, CommanderError } from 'commander';
import { productVersion } from '../core/product.js';
import { registerAudit } from './commands/audit.js';
import { registerBackup } from './commands/backup.js';
import { registerConfig } from './commands/config.js';
import { registerDiagnostics } from './commands/diagnostics.js';
import { registerHealth } from './commands/health.js';
import { registerMigrate } from './commands/migrate.js';
import { registerMikro } from './commands/mikro.js';
import { registerSecrets } from './commands/secrets.js';
import { registerServe } from './commands/serve.js';
import { registerWhatsapp } from './commands/whatsapp.js';
import { EXIT } from './exit-codes.js';

export function buildProgram(): Command {
  const program = new Command('optiplan360')
    .description('OptiPlan360 Operator Console — health, database, integrations and diagnostics from a terminal')
    .version(productVersion(), '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerHealth(program);
  registerDiagnostics(program);
  registerMigrate(program);
  registerConfig(program);
  registerMikro(program);
  registerWhatsapp(program);
  registerBackup(program);
  registerSecrets(program);
  registerAudit(program);
  registerServe(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  program.commands.forEach(function override(c: Command): void {
    c.exitOverride();
    c.commands.forEach(override);
  });
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version are not errors; everything else commander raises is a usage error.
      process.exitCode = err.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
      return;
    }
    throw err;
  }
}
