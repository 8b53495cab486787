// What SQL Server answers about the logged-in session's identity and reach, for the console's
// least-privilege check (main/core/mikro/read-only-verification.ts LOGIN_IDENTITY_SQL):
// SUSER_NAME() is the login of this connection (`DOMAIN\user` for a Windows login through NTLM),
// SUSER_SID() = 0x01 only for `sa`, and the sysadmin / db_owner memberships the fake was given.
// Scripted answers (`answer`) still win; this is the default when they return undefined.

import type { ScriptedReply } from './answers.js';
import type { TdsLogin } from './requests.js';

export interface FakeRoles {
  sysadmin?: boolean;
  db_owner?: boolean;
}

const IDENTITY = /^\s*SELECT\s+SUSER_NAME\(\)\s+AS\s+login_name\s*,.*\bAS\s+is_sa\s*,\s*IS_SRVROLEMEMBER\('sysadmin'\)\s+AS\s+sysadmin\s*,\s*IS_ROLEMEMBER\('db_owner'\)\s+AS\s+db_owner\s*;?\s*$/is;

export function rightsResponder(roles: FakeRoles = {}) {
  const logins = new WeakMap<object, TdsLogin>();
  return {
    /** Remembers which login this connection is (called when the login is accepted). */
    remember(conn: object, login: TdsLogin): void {
      logins.set(conn, login);
    },
    /** The identity row for LOGIN_IDENTITY_SQL, else undefined. */
    answer(conn: object, sql: string): ScriptedReply {
      if (!IDENTITY.test(sql)) return undefined;
      const l = logins.get(conn);
      const name = l?.ntlm ? `${l.ntlm.domain}\\${l.ntlm.user}` : (l?.user ?? '');
      const sa = name.toLowerCase() === 'sa';
      return {
        columns: [
          { name: 'login_name', type: 'nvarchar' },
          { name: 'is_sa', type: 'int' },
          { name: 'sysadmin', type: 'int' },
          { name: 'db_owner', type: 'int' },
        ],
        rows: [[name, sa ? 1 : 0, sa || roles.sysadmin ? 1 : 0, sa || roles.db_owner || roles.sysadmin ? 1 : 0]],
      };
    },
  };
}
