/** The WhatsApp outbox's wire shapes (the `whatsapp.enqueue` operation). Texts are catalogue messages. */
import { z } from 'zod';
import type { Message } from './messages.js';

export const WhatsappEnqueueSchema = z.strictObject({
  /** As typed: `0532 123 45 67`, `+90 532…`; must be a valid mobile number. */
  to: z.string().min(3).max(40),
  /** Key in whatsapp.json `templates`. */
  template: z.string().min(1).max(100),
  /** Body parameters {{1}}…{{n}}, in order. */
  parameters: z.array(z.string().max(1024)).max(20).optional(),
  /** The caller's own reference (an order number…), kept with the item. */
  reference: z.string().max(100).optional(),
});
export type WhatsappEnqueueInput = z.infer<typeof WhatsappEnqueueSchema>;

export interface WhatsappEnqueueResult {
  /** The outbox item's id. */
  id: number;
  status: 'QUEUED';
  /** Always masked: `+90 532 *** ** 67`. */
  to: string;
  template: string;
  message: Message;
}
