/**
 * The one Content-Security-Policy of the console's UI, sent as a response header by both doors
 * that serve it: the desktop shell's `app://` protocol (main/app/app-protocol.ts) and `serve`
 * (main/server). Only our own scripts and styles, never eval or inline code; images may be
 * data: URLs (QR codes, icons); nothing may frame the page.
 */
export const APP_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
