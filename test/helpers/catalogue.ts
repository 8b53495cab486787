/** What the catalogue tests share: flattening a catalogue to its keys, and the language detectors. */
export type Tree = { [k: string]: string | Tree };

/** `{a:{b:'x'}}` → Map { 'a.b' → 'x' }. */
export function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of leaves(v, key)) out.set(kk, vv);
  }
  return out;
}

/**
 * Words that give English away inside a Turkish sentence. Case-sensitive on purpose: product
 * names ("SQL Server Configuration Manager") and SQL keywords (SELECT … FROM, WITH) are fine.
 */
export const ENGLISH_WORDS = /\b(the|and|is|are|not|failed|could|cannot|please|error|with|from|this|that|was|will|should|must|has|have|your|you|check|found|missing|invalid|The|Check|Please|Could|Not)\b/;
/** Letters only Turkish has. */
export const TURKISH_LETTERS = /[çğışöüÇĞİŞÖÜ]/;
/** Turkish words that would give Turkish away in an English sentence. */
export const TURKISH_WORDS = /\b(ve|bir|için|değil|kontrol|hata|veya|ile|olarak|yok)\b/i;
