/** The support bundle's and the fleet's operations (issue 18), spread into shared/contract.ts. */
import { z } from 'zod';
import { FleetListInputSchema, type FleetView } from './fleet.js';
import { op } from './op-spec.js';
import { SUPPORT_BUNDLE_FILENAME, SupportBundleInputSchema, type SupportBundlePreview, type SupportBundleResult } from './support.js';

export const supportOps = {
  'support.preview': op<SupportBundlePreview>()({
    input: z.strictObject({}),
    access: 'read',
    effects: ['fs'],
    summary: 'What a support bundle would hold now: file names and sizes (logs before redaction, up to the log limit).',
  }),
  'support.bundle': op<SupportBundleResult>()({
    input: SupportBundleInputSchema,
    access: 'write',
    effects: ['db', 'fs', 'external', 'audit'],
    concurrency: () => 'support.bundle',
    job: true,
    // The answer names the zip written in the data folder (support/) with its hashes; the zip itself never travels over HTTP.
    summary: 'Make a redacted support bundle (zip with manifest.json first) in the data folder (audited).',
  }),
  'support.saveCopy': op<{ saved: boolean; path?: string }>()({
    // Only a bundle this console wrote: a file name in the data folder's support/, never a path.
    input: z.strictObject({ filename: z.string().regex(SUPPORT_BUNDLE_FILENAME) }),
    access: 'write',
    effects: ['fs', 'audit'],
    // The save dialog is Electron's: the desktop shell answers it (main/app/desktop-ops.ts).
    doors: ['ipc'],
    summary: 'Desktop app only: save a copy of a support bundle (from the data folder support/) where the user chooses.',
  }),
  'fleet.list': op<FleetView>()({
    input: FleetListInputSchema,
    access: 'read',
    effects: ['db'],
    summary: 'Every console using the shared PostgreSQL: status, last seen, silent after the threshold (with SQLite: why there is no fleet).',
  }),
} as const;
