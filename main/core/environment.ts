/** `OPTIPLAN_ENV` > system_config `environment` > development. Production changes what passes (R-DB-2, R-WA-3). */
export type Environment = 'production' | 'staging' | 'development' | 'test';

export function resolveEnvironment(envVar: string | undefined, configured: string | undefined): Environment {
  const raw = (envVar && envVar.trim() !== '' ? envVar : configured ?? 'development').trim().toLowerCase();
  if (raw === 'production' || raw === 'prod') return 'production';
  if (raw === 'staging') return 'staging';
  if (raw === 'test') return 'test';
  return 'development';
}
