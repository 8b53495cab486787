/**
 * Who may call the IPC handlers (R-APP-2). Only the top frame of our own window showing our own
 * page: not an iframe, not a page the window was somehow navigated to. As VS Code's ipcMain
 * wrapper says, a handler cannot trust `event.sender` alone, because any frame in the
 * webContents can send.
 */

/** The part of Electron's WebFrameMain the check reads (kept minimal so tests need no Electron). */
export interface FrameLike {
  url: string;
  parent: FrameLike | null;
}

export function isTrustedSender(frame: FrameLike | null | undefined, entryUrl: string): boolean {
  if (!frame) return false; // the frame navigated away or was destroyed
  if (frame.parent !== null) return false; // sub-frames never get the API
  return sameDocument(frame.url, entryUrl);
}

/** Same scheme, host and path; the query and hash (the UI's own routing) may differ. */
export function sameDocument(url: string, entryUrl: string): boolean {
  let a: URL;
  let b: URL;
  try {
    a = new URL(url);
    b = new URL(entryUrl);
  } catch {
    return false;
  }
  return a.protocol === b.protocol && a.host === b.host && decodeURIComponent(a.pathname) === decodeURIComponent(b.pathname);
}

/** External links open in the user's browser only for https URLs on this list. */
export const EXTERNAL_ALLOW_LIST = [
  'developers.facebook.com',
  'business.facebook.com',
  'www.facebook.com',
  'metastatus.com',
  'learn.microsoft.com',
  'www.postgresql.org',
];

export function isAllowedExternalUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && !u.username && !u.password && EXTERNAL_ALLOW_LIST.includes(u.hostname);
  } catch {
    return false;
  }
}
