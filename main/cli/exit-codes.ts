/** Exit codes every verb keeps (documented in the README). */
export const EXIT = {
  OK: 0,
  /** The checked thing is bad (unhealthy, a failed migration) or the command could not do its job. */
  FAILURE: 1,
  /** diagnostics: status reached the --fail-on threshold (compatible with run_integration_diagnostics.py). */
  THRESHOLD: 2,
  /** Bad flags or arguments. */
  USAGE: 64,
} as const;
