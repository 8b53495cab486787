// pino-roll does `require('date-fns')` for five functions, which pulls all of date-fns (600 kB,
// every locale's formatters) into the CLI bundle, parsed on every start. The bundles alias
// `date-fns` to this file: the three functions it calls with our options, from date-fns's own
// per-function modules. `format` and `parse` (with the en-US locale, about 150 kB before
// minifying, a tenth of what `health --json` loads) are called by pino-roll only for a
// `dateFormat` option (dated file names), which main/core/logging/logger.ts does not pass:
// here they refuse loudly, so that adding one shows up in the first run instead of a file name
// built from a missing formatter.
export { addDays } from 'date-fns/addDays';
export { addHours } from 'date-fns/addHours';
export { isValid } from 'date-fns/isValid';

const LEFT_OUT = 'date-fns format/parse are left out of the bundles (build/date-fns-subset.js): pino-roll needs them only for a dateFormat option';

export function format() {
  throw new Error(LEFT_OUT);
}

export function parse() {
  throw new Error(LEFT_OUT);
}
