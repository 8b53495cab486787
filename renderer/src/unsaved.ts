/**
 * Unsaved edits are not lost by accident: while `dirty`, closing or reloading the window asks
 * first (beforeunload), and so does leaving the page through the sidebar (a click on a
 * `#/section` link is stopped unless the user confirms).
 */
import { useEffect } from 'react';

export function useUnsavedGuard(dirty: boolean, question: string): void {
  useEffect(() => {
    if (!dirty) return;
    const onUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = '';
    };
    const onClick = (e: MouseEvent) => {
      const link = (e.target as Element | null)?.closest?.('a[href^="#/"]');
      if (!link || link.getAttribute('href') === window.location.hash) return;
      if (!window.confirm(question)) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    window.addEventListener('beforeunload', onUnload);
    document.addEventListener('click', onClick, true);
    return () => {
      window.removeEventListener('beforeunload', onUnload);
      document.removeEventListener('click', onClick, true);
    };
  }, [dirty, question]);
}
