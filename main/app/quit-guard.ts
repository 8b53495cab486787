/**
 * Quit cleanly (R-APP): `before-quit` holds the quit until the core host has closed — running
 * jobs and a running backup finish, the PostgreSQL pool ends, SQLite checkpoints its WAL — at
 * most a bounded time, then lets the quit through. A second quit request while waiting is the
 * same wait, not a second close. Pure over the event and two callbacks (unit-tested).
 */
export interface QuitEventLike {
  preventDefault(): void;
}

export interface QuitGuardDeps {
  /** Close the core host within the bound; never rejects for long (host-client bounds it). */
  closeCore(): Promise<unknown>;
  /** Ask again to quit (app.quit()); the guard lets that one through. */
  quit(): void;
  onError?(err: unknown): void;
}

export function quitGuard(deps: QuitGuardDeps): (event: QuitEventLike) => void {
  let state: 'running' | 'closing' | 'closed' = 'running';
  return (event) => {
    if (state === 'closed') return;
    event.preventDefault();
    if (state === 'closing') return;
    state = 'closing';
    void deps
      .closeCore()
      .catch((err: unknown) => deps.onError?.(err))
      .finally(() => {
        state = 'closed';
        deps.quit();
      });
  };
}
