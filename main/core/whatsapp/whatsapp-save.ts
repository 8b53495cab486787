/**
 * `whatsapp.save` (issue 11): the WhatsApp page's settings form writes one file, whatsapp.json —
 * phone number id, business account id, API version, base URL and templates — through
 * ConfigService.save (atomic, validated, audited, literal secrets refused). Secret references
 * are not part of the form (they are set on the Settings page).
 *
 * system_config.json may hold the same keys in its `whatsapp` section (the older backend's
 * place); whatsapp.json wins and the settings view warns about each conflict. The form offers
 * to clear those: each key named in `clear_system_config` is blanked there (""), which the
 * settings reader treats as not set. ConfigService merges patches, so a blank is how a key is
 * taken out of use without rewriting the file by hand.
 */
import type { WhatsappSaveInput, WhatsappSaveResult } from '../../../shared/whatsapp-form.js';
import type { ConfigService } from '../config/config-service.js';

export async function saveWhatsappSettings(config: Pick<ConfigService, 'save'>, input: WhatsappSaveInput, actor: string): Promise<WhatsappSaveResult> {
  const { clear_system_config: clear = [], ...fields } = input;
  const patch: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) patch[k] = v;
  const whatsapp = await config.save('whatsapp.json', patch, actor);
  if (clear.length === 0) return { whatsapp, cleared: [] };
  const system_config = await config.save('system_config.json', { whatsapp: Object.fromEntries(clear.map((k) => [k, ''])) }, actor);
  return { whatsapp, system_config, cleared: clear };
}
