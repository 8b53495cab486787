/** `optiplan360 <verb>`: the terminal door onto the core (R-OPS-1). */
import { Command, CommanderError } from 'commander';
import { productVersion } from '../core/product.js';
import { useLang } from './context.js';
import { EXIT } from './exit-codes.js';
import { chooseRunLang, h, localizeHelp } from './help.js';
import type { Lang } from '../../shared/i18n/format.js';
import type { MessageKey } from '../../shared/i18n/keys.js';
import { translator } from '../../shared/i18n/translator.js';

type Register = (program: Command) => void;

/**
 * The verbs in the order `--help` lists them, each loaded only when a run needs it: a verb's
 * module brings its own imports (the core, the diagnostics renderers, the HTTP server…), so
 * `--version` reads none of them and `health` reads only what health does (bench/cli.bench.ts).
 */
const VERBS: Record<string, () => Promise<Register>> = {
  health: async () => (await import('./commands/health.js')).registerHealth,
  diagnostics: async () => (await import('./commands/diagnostics.js')).registerDiagnostics,
  migrate: async () => (await import('./commands/migrate.js')).registerMigrate,
  config: async () => (await import('./commands/config.js')).registerConfig,
  mikro: async () => (await import('./commands/mikro.js')).registerMikro,
  whatsapp: async () => (await import('./commands/whatsapp.js')).registerWhatsapp,
  backup: async () => (await import('./commands/backup.js')).registerBackup,
  secrets: async () => (await import('./commands/secrets.js')).registerSecrets,
  audit: async () => (await import('./commands/audit.js')).registerAudit,
  support: async () => (await import('./commands/support.js')).registerSupport,
  fleet: async () => (await import('./commands/fleet.js')).registerFleet,
  serve: async () => (await import('./commands/serve.js')).registerServe,
};

const isVerb = (word: string | undefined): word is string => word !== undefined && Object.hasOwn(VERBS, word);

/**
 * Which verbs this run needs. The program's own options take no value, so the first word that
 * is not a flag is the verb (`help <verb>` names it second). A run naming one verb gets only
 * that verb: its parsing, help and errors do not depend on the others. `-v`/`--version` first
 * is answered before any verb is looked at, so it gets none. Anything else (no verb, an unknown
 * word, `--help` of the program) gets every verb, as the program's help and commander's
 * "did you mean" list them all.
 */
export function verbsFor(argv: readonly string[]): string[] {
  const args = argv.slice(2);
  if (args[0] === '-v' || args[0] === '--version') return [];
  const words = args.filter((a) => !a.startsWith('-'));
  const verb = words[0] === 'help' ? words[1] : words[0];
  return isVerb(verb) ? [verb] : Object.keys(VERBS);
}

/**
 * The program with every help text in this run's language (`useLang` first: `main` does it
 * with `chooseRunLang`) and the verbs named (default: all); the verbs inherit the localized help
 * layout from it.
 */
export async function buildProgram(verbs: readonly string[] = Object.keys(VERBS)): Promise<Command> {
  const program = localizeHelp(new Command('optiplan360'))
    .description(h('cli.help.program'))
    .version(productVersion(), '-v, --version', h('cli.help.version'))
    .exitOverride();
  if (verbs.length > 0) await import('./zod-jitless.js');
  const registers = await Promise.all(verbs.filter(isVerb).map((v) => VERBS[v]!()));
  for (const register of registers) register(program);
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
  const program = await buildProgram(verbsFor(argv));
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
