/** Turns schema failures into one clear error naming file, JSON path and expectation (R-CFG-2). */
import type { z } from 'zod';
import { AppError, type ErrorDetail } from '../../../shared/errors.js';

export function jsonPath(path: ReadonlyArray<PropertyKey>): string {
  if (path.length === 0) return '$';
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

export function issuesToDetails(error: z.ZodError): ErrorDetail[] {
  return error.issues.map((issue) => ({ path: jsonPath(issue.path), message: issue.message }));
}

export function configInvalid(fileLabel: string, error: z.ZodError): AppError {
  const details = issuesToDetails(error);
  const summary = details.map((d) => `${d.path}: ${d.message}`).join('; ');
  return new AppError('E_CONFIG_INVALID', `${fileLabel} is invalid — ${summary}`, details);
}
