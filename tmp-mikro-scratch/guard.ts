import { checkReadOnlyStatement } from '../main/core/mikro/guard/index.js';
for (const s of [
 "SELECT encrypt_option FROM sys.dm_exec_connections WHERE session_id = @@SPID",
 "SELECT permission_name FROM fn_my_permissions(NULL, 'DATABASE')",
 "SELECT permission_name FROM fn_my_permissions(NULL, 'SERVER')",
 "SELECT IS_ROLEMEMBER('db_owner') AS db_owner, IS_ROLEMEMBER('db_datawriter') AS db_datawriter, IS_ROLEMEMBER('db_ddladmin') AS db_ddladmin, IS_SRVROLEMEMBER('sysadmin') AS sysadmin",
 "SELECT TOP 1 * FROM [dbo].[CARI_HESAPLAR] WITH (NOLOCK)",
 "SELECT TOP 1 * FROM [CARI_HESAPLAR]",
 "SELECT 1",
 "SELECT @@VERSION AS version, CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128)) AS product_version",
 "SELECT @x AS v",
]) console.log(JSON.stringify(checkReadOnlyStatement(s)), s);
