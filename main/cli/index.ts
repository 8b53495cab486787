/** `optiplan360 <verb>`: the terminal door onto the core (R-OPS-1). */
import { Command, CommanderError } from 'commander';
import { productVersion } from '../core/product.js';
import { registerAudit } from './commands/audit.js';
import { registerBackup } from './commands/backup.js';
import { registerConfig } from './commands/config.js';
import { registerDiagnostics } from './commands/diagnostics.js';
import { registerFleet } from './commands/fleet.js';
import { registerHealth } from './commands/health.js';
import { registerMigrate } from './commands/migrate.js';
import { registerMikro } from './commands/mikro.js';
import { registerSecrets } from './commands/secrets.js';
import { registerServe } from './commands/serve.js';
import { registerSupport } from './commands/support.js';
import { registerWhatsapp } from './commands/whatsapp.js';
import { useLang } from './context.js';
import { EXIT } from './exit-codes.js';
import { chooseRunLang, h, localizeHelp } from './help.js';
import type { Lang } from '../../shared/i18n/format.js';
import type { MessageKey } from '../../shared/i18n/keys.js';
import { translator } from '../../shared/i18n/translator.js';

/**
 * The program with every help text in this run's language (`useLang` first: `main` does it
 * with `chooseRunLang`); the verbs inherit the localized help layout from it.
 */
export function buildProgram(): Command {
  const program = localizeHelp(new Command('optiplan360'))
    .description(h('cli.help.program'))
    .version(productVersion(), '-v, --version', h('cli.help.version'))
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
  registerSupport(program);
  registerFleet(program);
  registerServe(program);
  return program;
}

/**
 * `optiplan360 audit export | head`: once the reader has gone, writing fails with EPIPE. That is
 * not an error of ours; end quietly with the exit code so far (SIGPIPE's usual silence).
 */
let pipeGuarded = false;
export function quietOnBrokenPipe(): void {
  if (pipeGuarded) return;
  pipeGuarded = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
      throw err;
    });
  }
}

export async function main(argv: string[]): Promise<void> {
  quietOnBrokenPipe();
  // The language is known before the program is built, so that --help is in it too.
  const lang = chooseRunLang(argv);
  useLang(lang);
  const program = buildProgram();
  // commander's own error lines are English: keep them for the technical line and say the
  // usage error in the run's language instead (see usageError).
  const swallow = { outputError: () => undefined };
  program.configureOutput(swallow);
  program.commands.forEach(function override(c: Command): void {
    c.exitOverride();
    c.configureOutput(swallow);
    c.commands.forEach(override);
  });
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version are not errors; everything else commander raises is a usage error.
      if (err.exitCode !== 0) process.stderr.write(usageError(err, lang));
      process.exitCode = err.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
      return;
    }
    throw err;
  }
}

const USAGE_KEYS: Record<string, MessageKey> = {
  'commander.unknownOption': 'cli.usage.unknown_option',
  'commander.unknownCommand': 'cli.usage.unknown_command',
  'commander.missingArgument': 'cli.usage.missing_argument',
  'commander.optionMissingArgument': 'cli.usage.missing_option_value',
  'commander.missingMandatoryOptionValue': 'cli.usage.missing_option_value',
  'commander.invalidArgument': 'cli.usage.invalid_argument',
  'commander.excessArguments': 'cli.usage.excess_arguments',
};

/** A usage error in the run's language (`--lang`, else the configured language, else Turkish). */
export function usageError(err: CommanderError, lang: Lang): string {
  const t = translator(lang);
  const raw = err.message.replace(/^error:\s*/, '');
  const quoted = /'([^']+)'/.exec(raw)?.[1] ?? raw;
  const key = USAGE_KEYS[err.code] ?? 'cli.usage.other';
  // "option '--lang <lang>' argument 'de' is invalid. tr | en": name the option and the value.
  const invalid = /option '(\S+)[^']*' argument '([^']*)' is invalid/.exec(raw);
  const text = t.text(key, { option: invalid?.[1] ?? quoted, command: quoted, argument: quoted, value: invalid?.[2] ?? quoted });
  return `${text}\n  ${t.text('cli.usage.help_hint')}\n  ${t.text('cli.technical', { detail: raw })}\n`;
}
