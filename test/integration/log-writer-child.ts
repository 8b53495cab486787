// Child process for the log retention test: one process of the console writing log lines into
// a shared folder with a small rotation size, as the app, `serve` and CLI runs do.
import { createFileLogger } from '../../main/core/logging/logger.js';

const [dir, lines, sync] = [process.argv[2]!, Number(process.argv[3]), process.argv[4] === 'sync'];
const logger = await createFileLogger({ logDir: dir, size: '16k', keep: 2, sync });
for (let i = 0; i < lines; i++) {
  logger.info({ i, pid: process.pid, pad: 'ş'.repeat(60) }, 'line');
  if (i % 50 === 0) await new Promise((r) => setTimeout(r, 1));
}
await new Promise((r) => setTimeout(r, 200));
process.exit(0);
