#!/usr/bin/env node
// `npm test`: the one command that proves the console works. In order: PostgreSQL is reachable
// (required, never skipped), lint, typecheck, build (the browser tests drive the built UI),
// then every vitest suite under a private D-Bus session with an unlocked gnome-keyring, so the
// keychain tests use a real Secret Service. Prints a closing `tests: N passed, N failed` line.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shell = process.platform === 'win32';
const pgUrl = process.env.OPTIPLAN_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function step(title, cmd, args) {
  console.log(`\n== ${title}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell });
  if (r.status !== 0) {
    console.error(`\n${title} failed (exit ${r.status}).`);
    process.exit(r.status || 1);
  }
}

console.log(`== PostgreSQL at ${pgUrl.replace(/:[^:@/]*@/, ':***@')}`);
const client = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 5000 });
try {
  await client.connect();
  await client.end();
} catch (err) {
  console.error(`PostgreSQL is required by the tests and is not reachable: ${err.message}\n` + 'Start it (Debian: pg_ctlcluster 15 main start) or set OPTIPLAN_TEST_PG_URL.');
  process.exit(1);
}

step('lint', 'npx', ['eslint', '.']);
step('typecheck', 'npm', ['run', 'typecheck']);
step('build', 'npm', ['run', 'build']);

const results = path.join(root, 'test-results', 'vitest.json');
fs.rmSync(results, { force: true });
const vitestArgs = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${results}`, ...process.argv.slice(2)];
const wrapped = process.platform === 'linux' ? ['bash', ['scripts/with-keyring.sh', 'npx', ...vitestArgs]] : ['npx', vitestArgs];
console.log('\n== tests');
const run = spawnSync(wrapped[0], wrapped[1], { cwd: root, stdio: 'inherit', shell });

let summary = null;
try {
  summary = JSON.parse(fs.readFileSync(results, 'utf8'));
} catch {
  /* reported below */
}
if (!summary) {
  console.error('vitest wrote no results');
  process.exit(run.status || 1);
}
const passed = summary.numPassedTests;
const failed = summary.numFailedTests + (summary.numRuntimeErrorTestSuites ?? 0);
const skipped = summary.numPendingTests + summary.numTodoTests;
console.log(`\ntests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
if (skipped > 0) console.error('skipped tests are not allowed: every test must run');
process.exit(run.status !== 0 || failed > 0 || skipped > 0 || passed === 0 ? 1 : 0);
