/** How WhatsApp items are named in the shared `outbox` table (read by the queue checks too). */
export const WHATSAPP_INTEGRATION = 'whatsapp';
export const SEND_TEMPLATE_OPERATION = 'send_template';
