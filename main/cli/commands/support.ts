import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { renameWithRetrySync } from '../../core/config/atomic-write.js';
import { cliT, printJson, withCommonOptions, withCore, type CommonOptions } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { h, ph } from '../help.js';

/** Move the bundle from the data folder to where it was asked for (another drive: copy, then remove). */
function moveTo(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  try {
    renameWithRetrySync(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    fs.copyFileSync(from, to);
    fs.rmSync(from, { force: true });
  }
}

/**
 * `optiplan360 support bundle --output FILE`: the redacted zip for support (issue 18), and
 * `support preview` for what it would hold. The bundle's README is in `--lang` (else the console's).
 */
export function registerSupport(program: Command): void {
  const support = program.command('support').description(h('support.cli.help.description'));
  withCommonOptions(support.command('bundle'))
    .description(h('support.cli.help.bundle'))
    .requiredOption(`--output <${ph('file')}>`, h('support.cli.help.output'))
    .action(async (opts: CommonOptions & { output: string }) =>
      withCore(opts, async (core) => {
        const t = cliT();
        const r = await core.invoke('support.bundle', { lang: t.lang }, core.context('cli'));
        const target = path.resolve(opts.output);
        moveTo(r.path, target);
        const result = { ...r, path: target };
        if (opts.json) printJson(result);
        else {
          const lines = [t.text('support.cli.written', { path: target, size: r.size, files: r.files.length + 1, duration: r.duration_ms }), `  ${t.text('support.cli.sha256', { sha: r.sha256 })}`];
          for (const u of r.unavailable) lines.push(`  ${t.text('support.cli.unavailable', { part: u.part, reason: t.t(u.reason) })}`);
          process.stdout.write(`${lines.join('\n')}\n`);
        }
        return EXIT.OK;
      }),
    );
  withCommonOptions(support.command('preview'))
    .description(h('support.cli.help.preview'))
    .action(async (opts: CommonOptions) =>
      withCore(opts, async (core) => {
        const p = await core.invoke('support.preview', {}, core.context('cli'));
        if (opts.json) printJson(p);
        else {
          const t = cliT();
          const lines = p.files.map((f) => `${f.name}  ${f.size ? t.format.bytes(f.size) : t.text('support.ui.size_pending')}`);
          lines.push(t.text('support.ui.logs_note', { limit: p.log_limit_bytes, total: p.log_bytes_total, left: p.log_files_left_out }));
          process.stdout.write(`${lines.join('\n')}\n`);
        }
        return EXIT.OK;
      }),
    );
}
