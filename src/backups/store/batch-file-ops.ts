/**
 * The file-system calls of a batch publish, each over many paths at once.
 * FileWriterThread does them on its thread, off the event loop and the
 * thread pool (500 of them queued there held /health's own calls back
 * 100 to 250 ms, measured).
 */
export interface BatchFileOps {
  /** Whether each path exists. */
  exist(paths: string[]): Promise<boolean[]>;
  /** Creates each file (0600; never over an existing one). Tries them all, then rejects with the first failure. */
  create(files: Array<{ path: string; text: string }>): Promise<void>;
  /** Tries every move, then rejects with the first failure. */
  rename(moves: Array<[from: string, to: string]>): Promise<void>;
  /** Hard links: for each, null or why it failed (EEXIST: the name is taken). */
  link(pairs: Array<[existing: string, name: string]>): Promise<Array<NodeJS.ErrnoException | null>>;
  /** Removes each path that exists; never fails. */
  remove(paths: string[]): Promise<void>;
}
