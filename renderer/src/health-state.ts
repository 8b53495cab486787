/**
 * What every page needs to know about the console's own state, read once and shared (react-query
 * caches by key, so the Overview and the banner use the same answers): the health report, the
 * config check (keychain, broken files). When the database comes back (seen in a `health.sample`
 * event from any window, or in the next health answer) every query is refetched, so a page that
 * showed the last known data during the outage refreshes by itself.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { ConfigCheckReport, ConfigFileReport } from '../../shared/config.js';
import type { HealthReport } from '../../shared/health.js';
import { FALLBACK_REFETCH_MS, useEvents, useOp } from './api.js';
import { healthTrouble } from './health-trouble.js';
import type { ApiError } from './transport.js';

/** How often health is read while a page is open (each read is also a sample for the strip). */
export const HEALTH_REFRESH_MS = 10_000;

export interface ConsoleState {
  health: HealthReport | undefined;
  healthError: Error | null;
  config: ConfigCheckReport | undefined;
  /** The app database is unreachable (or the console server is). */
  dbDown: boolean;
  /**
   * The console server answered but refused this window (no or a wrong token: E_UNAUTHORIZED; a
   * foreign host or origin: E_FORBIDDEN). Not a database problem: the session needs a fresh link.
   */
  accessRefused: ApiError | null;
  keychainMissing: boolean;
  brokenFiles: ConfigFileReport[];
}

export function useConsoleState(): ConsoleState {
  const health = useOp('health.get', {}, { refetchInterval: HEALTH_REFRESH_MS, retry: false });
  const config = useOp('config.check', {}, { refetchInterval: FALLBACK_REFETCH_MS, retry: false });
  const { dbDown, accessRefused } = healthTrouble(health.error, health.data);
  return {
    health: health.data,
    healthError: health.error,
    config: config.data,
    dbDown,
    accessRefused,
    keychainMissing: config.data ? !config.data.keychain.available : false,
    brokenFiles: (config.data?.files ?? []).filter((f) => f.exists && !f.valid),
  };
}

/** Refetch everything once the database is reachable again (mounted once, in the shell). */
export function useRecoverWhenHealthy(dbDown: boolean): void {
  const client = useQueryClient();
  const wasDown = useRef(false);
  const recover = () => {
    if (!wasDown.current) return;
    wasDown.current = false;
    void client.invalidateQueries();
  };
  useEffect(() => {
    if (dbDown) wasDown.current = true;
    else recover();
  });
  useEvents((e) => {
    if (e.name !== 'health.sample') return;
    const dbState = e.data.components?.database;
    if (e.data.status === 'unhealthy' || dbState === 'unhealthy') wasDown.current = true;
    else recover();
  });
}
