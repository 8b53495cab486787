/**
 * tedious passes the server's address as the TLS ServerName even when it is an IP address
 * (`192.168.1.10`, the usual way a factory LAN reaches SQL Server). Node then prints
 * "[DEP0123] DeprecationWarning: Setting the TLS ServerName to an IP address is not permitted by
 * RFC 6066" on the user's terminal — noise that reads like an error. This drops exactly that
 * warning (code DEP0123) and lets every other warning through; installed once, when the SQL
 * driver is first loaded.
 */
let installed = false;

type EmitWarning = typeof process.emitWarning;

/** The code of a `process.emitWarning(warning, type, code)` or `(warning, { code })` call. */
function warningCode(warning: unknown, args: unknown[]): unknown {
  const first = args[0];
  if (first && typeof first === 'object') return (first as { code?: unknown }).code;
  if (args[1] !== undefined) return args[1];
  return warning instanceof Error ? (warning as Error & { code?: unknown }).code : undefined;
}

export function silenceTlsIpServernameWarning(): void {
  if (installed) return;
  installed = true;
  const original: EmitWarning = process.emitWarning.bind(process);
  const filtered = (warning: string | Error, ...args: unknown[]): void => {
    if (warningCode(warning, args) === 'DEP0123') return;
    (original as (w: string | Error, ...rest: unknown[]) => void)(warning, ...args);
  };
  process.emitWarning = filtered as EmitWarning;
}
