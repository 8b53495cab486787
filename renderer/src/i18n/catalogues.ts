/**
 * The message catalogues the renderer loads, one language at a time: the chosen language before
 * the first paint, the other only when the user switches to it. Each is its own chunk, so the
 * initial download carries one language, not both (shared/i18n/translator.ts's MESSAGE_RESOURCES
 * would bundle both). The CLI's namespace (`cli`) is left out: no screen shows it.
 */
import type { Lang } from '../../../shared/i18n/format.js';

export type Resources = { ui: object; msg: object };

const LOADERS: Record<Lang, () => Promise<Resources>> = {
  tr: async () => {
    const [{ tr }, { ui }] = await Promise.all([import('../../../shared/i18n/tr/index.js'), import('../../../shared/i18n/tr/ui.js')]);
    return { ui, msg: withoutCli(tr) };
  },
  en: async () => {
    const [{ en }, { ui }] = await Promise.all([import('../../../shared/i18n/en/index.js'), import('../../../shared/i18n/en/ui.js')]);
    return { ui, msg: withoutCli(en) };
  },
};

function withoutCli<T extends { cli: unknown }>(catalogue: T): Omit<T, 'cli'> {
  const { cli: _cli, ...rest } = catalogue;
  return rest;
}

export function loadCatalogue(lang: Lang): Promise<Resources> {
  return LOADERS[lang]();
}
