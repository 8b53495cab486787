/**
 * `whatsapp.save` (issue 11): the WhatsApp page's settings form writes one file, whatsapp.json —
 * phone number id, business account id, API version, base URL and templates — through
 * ConfigService.save (atomic, validated, audited, literal secrets refused). Secret references
 * are not part of the form (they are set on the Settings page).
 *
 * A template removed in the form (`remove_templates`) is deleted from whatsapp.json, not left
 * behind: the form sends the templates it shows, and a merge alone would keep the old key.
 *
 * system_config.json may hold the same keys in its `whatsapp` section (the older backend's
 * place); whatsapp.json wins and the settings view warns about each conflict. The form offers
 * to remove those: each key named in `clear_system_config` is deleted from that section (the
 * file keeps everything else).
 */
import type { WhatsappSaveInput, WhatsappSaveResult } from '../../../shared/whatsapp-form.js';
import type { ConfigService } from '../config/config-service.js';

export async function saveWhatsappSettings(config: Pick<ConfigService, 'save'>, input: WhatsappSaveInput, actor: string): Promise<WhatsappSaveResult> {
  const { clear_system_config: clear = [], remove_templates: dropped = [], ...fields } = input;
  const patch: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) patch[k] = v;
  // A key the form still sends is kept, whatever the list of removals says.
  const removed = [...new Set(dropped)].filter((k) => !(fields.templates && k in fields.templates));
  const whatsapp = await config.save('whatsapp.json', patch, actor, { remove: removed.map((k) => ['templates', k]) });
  if (clear.length === 0) return { whatsapp, cleared: [], removed_templates: removed };
  const system_config = await config.save('system_config.json', {}, actor, { remove: clear.map((k) => ['whatsapp', k]) });
  return { whatsapp, system_config, cleared: clear, removed_templates: removed };
}
