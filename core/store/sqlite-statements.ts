import type Database from 'better-sqlite3';
import type { KeyValue } from '../contracts/store-backend.ts';

/** a row of the `changes` log, as it is read back */
export interface ChangeRow {
  revision: number;
  key: string;
  type: 'put' | 'delete';
  /** a delete's value when `prevValue` is set, else '' (the value is the previous version's) */
  value: string;
  /** set when the previous version was no longer in the log as the change was written (see sqlite-change-log.ts) */
  prevValue: string | null;
  createRevision: number;
  prevModRevision: number | null;
}

/** SQLite orders every TEXT value before every BLOB, so this bounds no key */
export const ABOVE_ALL_TEXT = Buffer.from([0xff]);

const KV_COLUMNS = 'key, value, create_revision AS createRevision, mod_revision AS modRevision';

/** Every statement the backend runs, prepared once per connection. */
export function prepareStatements(db: Database.Database) {
  return {
    get: db.prepare<[string], KeyValue>(`SELECT ${KV_COLUMNS} FROM kv WHERE key = ?`),
    modRevision: db.prepare<[string], number>(`SELECT mod_revision FROM kv WHERE key = ?`).pluck(),
    // The upper bound is a string, or ABOVE_ALL_TEXT when every key qualifies.
    rangeFrom: db.prepare<[string, string | Buffer, number], KeyValue>(
      `SELECT ${KV_COLUMNS} FROM kv WHERE key >= ? AND key < ? ORDER BY key LIMIT ?`,
    ),
    rangeAfter: db.prepare<[string, string | Buffer, number], KeyValue>(
      `SELECT ${KV_COLUMNS} FROM kv WHERE key > ? AND key < ? ORDER BY key LIMIT ?`,
    ),
    count: db.prepare<[string, string | Buffer], number>(`SELECT count(*) FROM kv WHERE key >= ? AND key < ?`).pluck(),
    insertKv: db.prepare<[string, string, number, number]>(
      `INSERT INTO kv (key, value, create_revision, mod_revision) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`,
    ),
    updateKv: db.prepare<[string, number, string]>(`UPDATE kv SET value = ?, mod_revision = ? WHERE key = ?`),
    deleteKv: db.prepare<[string]>(`DELETE FROM kv WHERE key = ?`),
    appendChange: db.prepare<[number, string, 'put' | 'delete', string, string | null, number, number | null]>(
      `INSERT INTO changes (revision, key, type, value, prev_value, create_revision, prev_mod_revision) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    // Keeps, below the new floor, the rows that a retained change names as its previous version.
    pruneChanges: db.prepare<[{ upTo: number }]>(
      `DELETE FROM changes WHERE revision <= @upTo AND revision NOT IN
         (SELECT prev_mod_revision FROM changes WHERE revision > @upTo AND prev_value IS NULL AND prev_mod_revision IS NOT NULL)`,
    ),
    readChanges: db.prepare<[], ChangeRow>(
      `SELECT revision, key, type, value, prev_value AS prevValue, create_revision AS createRevision,
              prev_mod_revision AS prevModRevision FROM changes ORDER BY revision`,
    ),
    newestChange: db.prepare<[], number | null>(`SELECT max(revision) FROM changes`).pluck(),
    readCompacted: db.prepare<[], number>(`SELECT value FROM meta WHERE name = 'compacted_revision'`).pluck(),
    writeCompacted: db.prepare<[number]>(`UPDATE meta SET value = ? WHERE name = 'compacted_revision'`),
  };
}

export type SqliteStatements = ReturnType<typeof prepareStatements>;
