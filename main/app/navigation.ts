/**
 * Navigation lock-down for every webContents (R-APP-2): the window never leaves the app's page,
 * never opens new windows, never attaches webviews; https links on the allow-list go to the
 * user's browser instead.
 */
import type { Event, HandlerDetails, WebContents, WindowOpenHandlerResponse } from 'electron';
import { isAllowedExternalUrl, sameDocument } from './sender-check.js';

export type WebContentsLike = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

export function hardenWebContents(contents: WebContentsLike, entryUrl: string, openExternal: (url: string) => void): void {
  const onNavigate = (event: Event, url: string) => {
    if (sameDocument(url, entryUrl)) return;
    event.preventDefault();
    if (isAllowedExternalUrl(url)) openExternal(url);
  };
  contents.on('will-navigate', onNavigate as never);
  contents.on('will-redirect', onNavigate as never);
  contents.on('will-attach-webview', ((event: Event) => event.preventDefault()) as never);
  contents.setWindowOpenHandler((details: HandlerDetails): WindowOpenHandlerResponse => {
    if (isAllowedExternalUrl(details.url)) openExternal(details.url);
    return { action: 'deny' };
  });
}
