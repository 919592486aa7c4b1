import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";

/** Another live process holds the data folder. */
export class DataDirLockedError extends Error {
  constructor(
    readonly lockPath: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database is in use by another server process (pid ${pid}, lock ${lockPath}). ` +
        "Only one process may use a DATA_DIR: stop the other server, or give this one its own DATA_DIR (several processes share a PostgreSQL DATABASE_URL instead).",
    );
    this.name = "DataDirLockedError";
  }
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
};

/**
 * An exclusive lock on the embedded database: a file created with O_EXCL holding our pid. Two processes on one PGlite
 * folder both start and lose each other's writes; the second is refused instead. A lock left by a process that died
 * (kill -9, a crash) names a pid that no longer runs, and is taken over. Returns the release function.
 */
export function lockDataDir(lockPath: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, "wx", 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(lockPath, "utf8").trim() === String(process.pid)) unlinkSync(lockPath);
        } catch {
          /* already gone */
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const holder = Number(readFileSync(lockPath, "utf8").trim());
      if (Number.isInteger(holder) && holder > 0 && alive(holder)) throw new DataDirLockedError(lockPath, holder);
      unlinkSync(lockPath);
    }
  }
  throw new DataDirLockedError(lockPath, 0);
}
