// pino-roll does `require('date-fns')` for five functions, which pulls all of date-fns (600 kB,
// every locale's formatters) into the CLI bundle, parsed on every start. The bundles alias
// `date-fns` to this file: the same five functions, from date-fns's own per-function modules.
export { addDays } from 'date-fns/addDays';
export { addHours } from 'date-fns/addHours';
export { format } from 'date-fns/format';
export { isValid } from 'date-fns/isValid';
export { parse } from 'date-fns/parse';
