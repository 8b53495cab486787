/**
 * The renderer's reading of a health answer (renderer/src/health-trouble.ts): a refused token is a
 * live server saying "not you", not a database outage; no answer at all, a database error or a
 * report saying so is.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.js';
import type { HealthReport } from '../../shared/health.js';
import { msg } from '../../shared/messages.js';
import { healthTrouble } from '../../renderer/src/health-trouble.js';
import { ApiError } from '../../renderer/src/transport.js';

const report = (database: 'healthy' | 'unhealthy') => ({ status: database, overall: database, database }) as unknown as HealthReport;
const refusal = (code: 'E_UNAUTHORIZED' | 'E_FORBIDDEN') => new ApiError(new AppError(code, msg('errors.token_required')).toBody());

describe('healthTrouble', () => {
  it('E_UNAUTHORIZED from the server is the session problem, not "database down"', () => {
    const err = refusal('E_UNAUTHORIZED');
    expect(healthTrouble(err, undefined)).toEqual({ dbDown: false, accessRefused: err });
    // A report seen before the token was refused keeps saying what it said.
    expect(healthTrouble(err, report('healthy'))).toEqual({ dbDown: false, accessRefused: err });
    expect(healthTrouble(err, report('unhealthy'))).toEqual({ dbDown: true, accessRefused: err });
  });

  it('a foreign origin or host (E_FORBIDDEN) is a refusal too', () => {
    const err = refusal('E_FORBIDDEN');
    expect(healthTrouble(err, undefined)).toEqual({ dbDown: false, accessRefused: err });
  });

  it('no answer, a database error or an unhealthy report: database down, nothing refused', () => {
    expect(healthTrouble(new TypeError('Failed to fetch'), undefined)).toEqual({ dbDown: true, accessRefused: null });
    const dbErr = new ApiError(new AppError('E_DB_UNAVAILABLE', msg('database.errors.unavailable', { engine: 'PostgreSQL' })).toBody());
    expect(healthTrouble(dbErr, undefined)).toEqual({ dbDown: true, accessRefused: null });
    expect(healthTrouble(null, report('unhealthy'))).toEqual({ dbDown: true, accessRefused: null });
    expect(healthTrouble(null, report('healthy'))).toEqual({ dbDown: false, accessRefused: null });
  });
});
