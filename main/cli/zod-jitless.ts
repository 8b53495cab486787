/**
 * zod without its JIT for the CLI's one-shot runs. By default every object schema compiles a
 * parser of its own (`new Function`) on its first parse, which pays only for a process that
 * parses the same shape many times (the app, `serve`); a CLI run parses each settings file
 * once, so compiling is most of the parse (about 6 % of `health --json`, bench/cli.bench.ts).
 * The results and messages are the same either way. zod reads the switch when a schema is
 * made, so index.ts loads this before any verb (and its schemas).
 */
import { config } from 'zod';

config({ jitless: true });
