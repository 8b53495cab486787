/** Types derived from the Turkish catalogue (the source): every key, and the shape English must match. */
import type { tr } from './tr/index.js';

type StripPlural<K extends string> = K extends `${infer B}_one` ? B : K extends `${infer B}_other` ? B : K;

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${StripPlural<K>}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];

/** Every key of the catalogues ("mikro.errors.login_failed"); `msg()` accepts only these. */
export type MessageKey = Leaves<typeof tr>;

/** The same tree with string leaves: English (and any later language) must have every key. */
export type CatalogShape<T> = { [K in keyof T]: T[K] extends string ? string : CatalogShape<T[K]> };
