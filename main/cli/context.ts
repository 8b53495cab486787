/** What every CLI verb shares: common flags, opening the core, printing results and errors. */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { AppError, isAppError } from '../../shared/errors.js';
import { isLang, type Lang } from '../../shared/i18n/format.js';
import { translator, type Translator } from '../../shared/i18n/translator.js';
import type { Core } from '../core/core.js';
import { resolvePaths } from '../core/paths.js';
import { EXIT } from './exit-codes.js';

export interface CommonOptions {
  json?: boolean;
  dataDir?: string;
  configDir?: string;
  /** `--lang tr|en`; absent = the console's configured language, else Turkish. */
  lang?: Lang;
}

/**
 * The language of this CLI run. A CLI process runs one verb, so the choice is kept here once
 * and every printer (human text and `--json`) uses it: texts come in that one language only.
 */
let current: Translator = translator('tr');

export function useLang(lang: Lang): Translator {
  current = translator(lang);
  return current;
}

/** The translator of this run (for human output: `cliT().text('…')`, `cliT().format.bytes(n)`). */
export function cliT(): Translator {
  return current;
}

function parseLang(value: string): Lang {
  const v = value.trim().toLowerCase();
  if (!isLang(v)) throw new InvalidArgumentError('tr | en');
  return v;
}

/** The flags every verb has; help texts in this run's language (cli.help.common.*). */
export function withCommonOptions(cmd: Command): Command {
  const t = current;
  const dir = t.text('cli.help.value.dir');
  return cmd
    .option('--json', t.text('cli.help.common.json'))
    .option(`--data-dir <${dir}>`, t.text('cli.help.common.data_dir'))
    .option(`--config-dir <${dir}>`, t.text('cli.help.common.config_dir'))
    .option(`--lang <${t.text('cli.help.value.lang')}>`, t.text('cli.help.common.lang'), parseLang);
}

/** The core, its logger and the keychain are loaded here, by the verbs that open a core (index.ts). */
export async function openCore(opts: CommonOptions): Promise<Core> {
  const [{ Core }, { createFileLogger }, { defaultSecretStore }] = await Promise.all([
    import('../core/core.js'),
    import('../core/logging/logger.js'),
    import('../core/secrets/default-store.js'),
  ]);
  const paths = resolvePaths({ dataDir: opts.dataDir, configDir: opts.configDir });
  const logger = await createFileLogger({ logDir: paths.logDir, sync: true });
  return Core.open({ dataDir: paths.dataDir, configDir: paths.configDir, logger, secretStore: await defaultSecretStore(paths.dataDir) });
}

/** Run a verb with an open core; map errors to a message (or JSON error body) and exit code 1. */
export async function withCore(opts: CommonOptions, fn: (core: Core) => Promise<number>): Promise<void> {
  let core: Core | undefined;
  let code: number;
  try {
    if (opts.lang) useLang(opts.lang);
    core = await openCore(opts);
    if (!opts.lang) useLang(core.language);
    code = await fn(core);
  } catch (err) {
    printError(err, opts.json);
    code = EXIT.FAILURE;
  } finally {
    // Work a timeout gave up on (a connect to a silent Mikro host) may still hold sockets open;
    // the answer is printed, so do not wait for it longer than a moment.
    await Promise.race([core?.close().catch(() => undefined), new Promise((r) => setTimeout(r, 1_500).unref())]);
  }
  process.exitCode = code;
  // If anything still keeps the event loop alive, exit once stdout has been flushed.
  setTimeout(() => process.stdout.write('', () => process.exit(code)), 200).unref();
  // A D-Bus call that never answered pins a libuv worker thread, and then even process.exit()
  // waits for it forever. The answer is already printed; end the process the hard way.
  if ((core?.secretStore as { stuck?: boolean } | null | undefined)?.stuck) {
    process.stderr.write(`${current.text('cli.keychain_stuck')}\n`);
    process.kill(process.pid, 'SIGKILL');
  }
}

/** JSON for scripts: every message becomes its text in this run's language (codes stay). */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(current.localize(value), null, 2)}\n`);
}

/**
 * An error as a person reads it: what happened, what to do, the fields named, and the raw
 * technical detail on its own line; `--json` prints the body `{"error":{code,message,…}}`.
 */
export function printError(err: unknown, json: boolean | undefined): void {
  const e = isAppError(err) ? err : new AppError('E_INTERNAL', err instanceof Error ? err.message : String(err));
  const body = current.localize(e.toBody());
  if (json) {
    printJson({ error: e.toBody() });
    return;
  }
  const lines = [`${current.text('cli.error_line', { code: body.code, message: body.message })}`];
  for (const d of body.details) lines.push(`  - ${d.path}: ${d.message}`);
  lines.push(`  ${current.text('cli.next_step', { step: body.next_step })}`);
  if (body.technical_detail) lines.push(`  ${current.text('cli.technical', { detail: body.technical_detail })}`);
  process.stderr.write(`${lines.join('\n')}\n`);
}
