/**
 * One process at a time per database directory (LevelDB keeps a LOCK file for the same reason): two
 * processes appending to one log interleave their batches, and each one's compaction replaces the
 * snapshot and empties the log under the other. The lock file holds the owner's pid, so a lock left by
 * a process that is gone (kill -9, a crash) is taken over at once, with no waiting for it to go stale (one
 * process at a time: see acquire);
 * it also names the directory, so a copy of a directory (a backup, a test's crash image) is not locked
 * by the process that holds the original.
 * Within one process the lock is shared: a test reopening a directory without closing it is how the
 * tests stand in for a crash, and both handles belong to the one process the lock is about.
 */
import fs from 'node:fs';
import * as path from 'node:path';

export const LOCK_FILE = 'LOCK';

export class DataDirLockedError extends Error {
  readonly code = 'DATA_DIR_LOCKED';

  constructor(
    readonly dir: string,
    readonly ownerPid: number,
  ) {
    super(
      `数据目录 ${dir} 正被另一个进程（pid ${ownerPid}）使用：同一数据目录同时只能由一个本地云打开。` +
        `请先停止那个进程（Ctrl-C），或设置 DATA_DIR=… 换一个目录；若 pid ${ownerPid} 并非本地云，可删除 ${path.join(dir, LOCK_FILE)} 后重试`,
    );
    this.name = 'DataDirLockedError';
  }
}

/** Handles this process holds open on each locked directory (by lock file path). */
const heldHere = new Map<string, number>();

/** Takes the directory's lock (or shares this process's); answers the function that gives it back. */
export function lockDataDir(dir: string): () => void {
  const lockPath = path.join(dir, LOCK_FILE);
  const held = heldHere.get(lockPath);
  if (held === undefined) acquire(dir, lockPath);
  heldHere.set(lockPath, (held ?? 0) + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (heldHere.get(lockPath) ?? 1) - 1;
    if (left > 0) return void heldHere.set(lockPath, left);
    heldHere.delete(lockPath);
    // Only our own lock goes: a directory wiped and locked by another process meanwhile keeps its lock.
    if (ownerOf(lockPath, dir) === process.pid) fs.rmSync(lockPath, { force: true });
  };
}

/**
 * The pid of another running process that holds `dir`'s lock, or undefined: what opening it would be
 * refused for, asked without taking anything (npm start asks before it builds the functions).
 */
export function dataDirHolder(dir: string): number | undefined {
  const owner = ownerOf(path.join(dir, LOCK_FILE), dir);
  return isAnotherRunningProcess(owner) ? owner : undefined;
}

/** link() refused by the file system itself (some network and FAT volumes have no hard links). */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);

/** The file beside the lock that whoever replaces a stale lock holds while it does (see acquire). */
const TAKEOVER_SUFFIX = '.takeover';

function acquire(dir: string, lockPath: string): void {
  // The pid is written to a file of our own first and linked into place: link() fails if the lock
  // exists, and a lock that exists is always complete (no reader ever sees it empty). Without hard
  // links, an exclusive create and a write do the same, but for that moment.
  const content = `${process.pid}\n${dir}\n`;
  const mine = `${lockPath}.${process.pid}`;
  fs.writeFileSync(mine, content);
  try {
    if (createFrom(mine, lockPath, content)) return;
    // A lock is there. Whether it is stale is decided, and a stale one replaced, only while holding the
    // takeover file: two processes that both found a dead owner's lock would otherwise each remove it,
    // the second removing the lock the first had just put in its place, and both would go on.
    const takeoverPath = lockPath + TAKEOVER_SUFFIX;
    holdTakeover(dir, takeoverPath, mine, content);
    try {
      for (;;) {
        const owner = ownerOf(lockPath, dir);
        if (isAnotherRunningProcess(owner)) throw new DataDirLockedError(dir, owner);
        // Its owner is gone, or it was copied here with the files it locked, or it is not a lock we wrote,
        // or it names this process, which holds no handle here: a leftover of an earlier process that had
        // this pid (a restarted container reuses pids).
        fs.rmSync(lockPath, { force: true });
        // A process starting just now may link its lock first (creating needs no takeover): read again.
        if (createFrom(mine, lockPath, content)) return;
      }
    } finally {
      fs.rmSync(takeoverPath, { force: true });
    }
  } finally {
    fs.rmSync(mine, { force: true });
  }
}

/** Puts `mine` (holding `content`) at `target` unless a file is there; answers whether it did. */
function createFrom(mine: string, target: string, content: string): boolean {
  try {
    try {
      fs.linkSync(mine, target);
    } catch (error) {
      if (!NO_HARD_LINKS.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
      const fd = fs.openSync(target, 'wx');
      try {
        fs.writeSync(fd, content);
      } finally {
        fs.closeSync(fd);
      }
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/**
 * Takes the takeover file, waiting while another running process holds it (for a read and a link or
 * two). Any other takeover file is left from a crash and removed, one naming this process's pid too: this
 * process never leaves its own behind. Two processes removing the same leftover in the same moment could
 * both go on, which needs a crash inside that window first; so could one removing a takeover file still
 * being written where there are no hard links.
 */
function holdTakeover(dir: string, takeoverPath: string, mine: string, content: string): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (!createFrom(mine, takeoverPath, content)) {
    const holder = ownerOf(takeoverPath, dir);
    if (isAnotherRunningProcess(holder)) Atomics.wait(pause, 0, 0, 2);
    else fs.rmSync(takeoverPath, { force: true });
  }
}

/** The pid holding the lock on `dir`, or undefined when the file is not such a lock. */
function ownerOf(lockPath: string, dir: string): number | undefined {
  let lines: string[];
  try {
    lines = fs.readFileSync(lockPath, 'utf8').split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  return Number.isSafeInteger(pid) && pid > 0 && lines[1] === dir ? pid : undefined;
}

/**
 * Whether `pid` is a running process other than this one: the only holder that counts. This process's
 * own handles are counted in `heldHere`, so a file naming its pid is a leftover of an earlier process
 * that had the same pid.
 */
function isAnotherRunningProcess(pid: number | undefined): pid is number {
  if (pid === undefined || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
