/**
 * A tiny webhook server for the verify-token handshake check. Modes:
 *  - 'echo': 200 + the challenge when hub.verify_token matches, else 403 (a correct webhook);
 *  - 'wrong': 200 with a different body; 'forbidden': always 403; 'json': 200 with the challenge JSON-quoted;
 *  - 'redirect': 302 elsewhere; 'hang': never answers.
 */
import http from 'node:http';
import type net from 'node:net';

export type WebhookMode = 'echo' | 'wrong' | 'forbidden' | 'json' | 'redirect' | 'hang';

export interface WebhookFake {
  url: string;
  mode: WebhookMode;
  requests: Array<{ url: string; query: Record<string, string> }>;
  close(): Promise<void>;
}

export async function startWebhookFake(expectedToken: string, mode: WebhookMode = 'echo'): Promise<WebhookFake> {
  const sockets = new Set<net.Socket>();
  const fake: WebhookFake = { url: '', mode, requests: [], close: async () => {} };
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://local');
    const q = Object.fromEntries(u.searchParams);
    fake.requests.push({ url: req.url ?? '/', query: q });
    const send = (status: number, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Type': 'text/plain', ...headers });
      res.end(body);
    };
    switch (fake.mode) {
      case 'hang':
        return;
      case 'forbidden':
        return send(403, 'Forbidden');
      case 'redirect':
        return send(302, '', { Location: 'http://127.0.0.1:9/elsewhere' });
      case 'wrong':
        return send(200, 'ok');
      case 'json':
        return send(200, JSON.stringify(String(q['hub.challenge'])));
      default:
        if (q['hub.mode'] === 'subscribe' && q['hub.verify_token'] === expectedToken) return send(200, q['hub.challenge'] ?? '');
        return send(403, 'Forbidden');
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  fake.url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/webhooks/whatsapp`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return fake;
}
