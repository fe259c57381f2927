/** What the SQLite thread tells the checkpoint thread about one store file, which `id` names. */
export type CheckpointMessage =
  /**
   * The file exists, in WAL mode; a pass connects to it. Once a pass finds
   * `restartPages` or more in the WAL, it sets `restartDue[0]` to 1 and
   * passes no more until the SQLite thread, having checkpointed the rest
   * itself, sets it back to 0.
   */
  | { op: 'open'; id: number; path: string; fsync: boolean; restartPages: number; restartDue: Int32Array }
  /** commits added to the WAL: copy what it holds into the file */
  | { op: 'pass'; id: number }
  /** let go of the file, then set `closed[0]` to 1 and notify: the SQLite thread waits on it */
  | { op: 'close'; id: number; closed: Int32Array };
