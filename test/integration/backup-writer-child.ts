// Child process for the SQLite backup test: keeps inserting rows into `items` (small
// transactions, as the app does) until it is killed. Prints "ready" after the first commit.
import Database from 'better-sqlite3';

const file = process.argv[2]!;
const db = new Database(file, { timeout: 5_000 });
db.pragma('journal_mode = WAL');
const insert = db.prepare('insert into items (note) values (?)');
const batch = db.transaction((n: number) => {
  for (let i = 0; i < n; i++) insert.run(`yazıcı şüphe ığdır ${Date.now()} ${'x'.repeat(100)}`);
});
let announced = false;
const tick = (): void => {
  batch(50);
  if (!announced) {
    announced = true;
    process.stdout.write('ready\n');
  }
  setImmediate(tick);
};
tick();
