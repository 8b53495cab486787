/**
 * `--help` in the run's language: the language is chosen before the program is built, every
 * description comes from `cli.help.*`, and commander's own words (Usage:, Options:, the help
 * option, the version option, "default:") are replaced by catalogue texts. Defaults and bounds
 * that a contract input schema already has are read from it, never restated here.
 */
import path from 'node:path';
import { Help, type Argument, type Command, type Option } from 'commander';
import type { z } from 'zod';
import { isLang, type Lang } from '../../shared/i18n/format.js';
import type { MessageKey } from '../../shared/i18n/keys.js';
import type { MessageParam } from '../../shared/messages.js';
import type { cli as trCli } from '../../shared/i18n/tr/cli.js';
import { readConfigJson } from '../core/config/config-reader.js';
import { resolvePaths } from '../core/paths.js';
import { cliT } from './context.js';

/** The value of `--name v` or `--name=v` in argv (the last one wins, as commander does). */
export function flagValue(argv: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  argv.forEach((a, i) => {
    if (a === name) value = argv[i + 1];
    else if (a.startsWith(`${name}=`)) value = a.slice(name.length + 1);
  });
  return value;
}

/** `--lang` from the command line, when it names a language we have. */
export function langFromArgv(argv: readonly string[]): Lang | undefined {
  const v = flagValue(argv, '--lang')?.trim().toLowerCase();
  return isLang(v) ? v : undefined;
}

/**
 * `language` in system_config.json of the config folder this run would use (`--config-dir` >
 * OPTIPLAN_CONFIG_DIR > `<data-dir>/config`, the data folder from `--data-dir` >
 * OPTIPLAN_DATA_DIR > the app data folder). Never fails: a missing, unreadable or broken file
 * simply names no language.
 */
export function configuredLang(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Lang | undefined {
  try {
    const paths = resolvePaths({ dataDir: flagValue(argv, '--data-dir'), configDir: flagValue(argv, '--config-dir'), env });
    const raw = readConfigJson(path.join(paths.configDir, 'system_config.json')).raw as { language?: unknown } | null;
    const lang = typeof raw?.language === 'string' ? raw.language.trim().toLowerCase() : undefined;
    return isLang(lang) ? lang : undefined;
  } catch {
    return undefined;
  }
}

/** The language of this run: `--lang`, else the configured language, else Turkish. */
export function chooseRunLang(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Lang {
  return langFromArgv(argv) ?? configuredLang(argv, env) ?? 'tr';
}

/** A help text of this run's language. */
export function h(key: MessageKey, params?: Record<string, MessageParam | undefined>): string {
  const defined = params && Object.fromEntries(Object.entries(params).filter((e): e is [string, MessageParam] => e[1] !== undefined));
  return cliT().text(key, defined);
}

/** `<placeholder>` of an option value or an argument, in this run's language. */
export function ph(name: keyof typeof trCli.help.value): string {
  return h(`cli.help.value.${name}`);
}

/** Default and bounds of one field of a contract input schema (zod 4), for the help text. */
export function numberField(field: z.ZodType): { default?: number; min?: number; max?: number } {
  let inner = field as z.ZodType & { def: { type: string; defaultValue?: unknown; innerType?: z.ZodType }; minValue?: number | null; maxValue?: number | null };
  let dflt: number | undefined;
  for (let i = 0; i < 5 && (inner.def.type === 'default' || inner.def.type === 'optional' || inner.def.type === 'nullable'); i++) {
    if (inner.def.type === 'default' && typeof inner.def.defaultValue === 'number') dflt = inner.def.defaultValue;
    inner = inner.def.innerType as typeof inner;
  }
  return { default: dflt, min: inner.minValue ?? undefined, max: inner.maxValue ?? undefined };
}

/**
 * A number flag: the text as given becomes a number and goes to the operation unchecked, so the
 * dispatcher's validation names the field in the run's language (E_VALIDATION, exit 1).
 */
export const toNumber = (v: string): number => (v.trim() === '' ? Number.NaN : Number(v));

const TITLES: Record<string, MessageKey> = {
  'Usage:': 'cli.help.usage',
  'Options:': 'cli.help.options',
  'Commands:': 'cli.help.commands',
  'Arguments:': 'cli.help.arguments',
  'Global Options:': 'cli.help.global_options',
};

function extras(choices: readonly string[] | undefined, showDefault: boolean, dflt: unknown, dfltText: string | undefined): string[] {
  const out: string[] = [];
  if (choices) out.push(h('cli.help.choices', { choices: choices.map((c) => JSON.stringify(c)).join(', ') }));
  if (showDefault && dflt !== undefined) out.push(h('cli.help.default', { value: dfltText ?? JSON.stringify(dflt) }));
  return out;
}

const withExtras = (description: string, more: string[]): string => (more.length ? `${description} (${more.join('; ')})`.trim() : description);

/** commander's help layout with the headings, usage words and "choices/default" localized. */
export const localizedHelp: Partial<Help> = {
  styleTitle(str: string): string {
    const key = TITLES[str];
    return key ? h(key) : str;
  },
  commandUsage(this: Help, cmd: Command): string {
    return Help.prototype.commandUsage
      .call(this, cmd)
      .replace('[options]', h('cli.help.usage_options'))
      .replace('[command]', h('cli.help.usage_command'));
  },
  subcommandTerm(this: Help, cmd: Command): string {
    return Help.prototype.subcommandTerm.call(this, cmd).replace('[options]', h('cli.help.usage_options'));
  },
  optionDescription(option: Option): string {
    const showDefault = option.required || option.optional || (option.isBoolean() && typeof option.defaultValue === 'boolean');
    return withExtras(option.description, extras(option.argChoices, showDefault, option.defaultValue, option.defaultValueDescription));
  },
  argumentDescription(argument: Argument): string {
    return withExtras(argument.description, extras(argument.argChoices, true, argument.defaultValue, argument.defaultValueDescription));
  },
};

/** Put the localized help on a program before its verbs are added (they inherit it). */
export function localizeHelp(program: Command): Command {
  return program
    .configureHelp(localizedHelp)
    .helpOption('-h, --help', h('cli.help.help_option'))
    .helpCommand(`help ${h('cli.help.usage_command')}`, h('cli.help.help_command'));
}
