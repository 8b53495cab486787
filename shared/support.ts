/** The support bundle's shapes (issue 18), shared by the core, the doors and the renderer. */
import { z } from 'zod';
import type { Message } from './messages.js';

/** The name support-service.ts gives a bundle (`optiplan360-support-<console>-<UTC stamp>.zip`): a plain file name, no folder separator. */
export const SUPPORT_BUNDLE_FILENAME = /^optiplan360-support-[A-Za-z0-9._-]{1,80}\.zip$/;

export const SupportBundleInputSchema = z.strictObject({ lang: z.enum(['tr', 'en']).default('tr') });

/** One file of the bundle: its path inside the zip, size in bytes and (once built) SHA-256. */
export interface SupportBundleFile {
  name: string;
  size: number;
  sha256?: string;
}

/** A part the console could not read (the database is down, no run yet …), and why. */
export interface SupportUnavailablePart {
  part: string;
  code: string;
  reason: Message;
  technical_detail?: string;
}

/** What a bundle would hold, before anything is redacted or written (sizes of logs are raw, before redaction). */
export interface SupportBundlePreview {
  files: SupportBundleFile[];
  /** The newest logs are taken up to this many bytes (the tail of the file that crosses it). */
  log_limit_bytes: number;
  log_bytes_total: number;
  log_files_left_out: number;
}

export interface SupportBundleResult {
  /** Where the zip was written (the console's data folder `support/`; the CLI moves it to --output). */
  path: string;
  filename: string;
  size: number;
  sha256: string;
  files: SupportBundleFile[];
  unavailable: SupportUnavailablePart[];
  duration_ms: number;
}
