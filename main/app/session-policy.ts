/**
 * What the window's session allows (R-APP-2): no permission at all. The console needs no
 * camera, microphone, notifications, geolocation, clipboard reads or device access, so both the
 * request handler (a page asking) and the check handler (a page or Chromium asking whether it
 * already may, e.g. `navigator.permissions.query`) say no. Over the part of Session used, so a
 * unit test holds it without Electron.
 */
export interface SessionLike {
  setPermissionRequestHandler(handler: ((wc: unknown, permission: string, callback: (granted: boolean) => void) => void) | null): void;
  setPermissionCheckHandler(handler: ((wc: unknown, permission: string) => boolean) | null): void;
}

export function denyAllPermissions(session: SessionLike, onAsked?: (permission: string) => void): void {
  session.setPermissionRequestHandler((_wc, permission, callback) => {
    onAsked?.(permission);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
}
