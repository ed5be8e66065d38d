import { spawn, type ChildProcess } from 'node:child_process';

/** A pid no process has: one that ran and has exited (a lock left by a crash names such a pid). */
export function goneProcessPid(): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', '']);
    child.on('exit', () => resolve(child.pid as number));
  });
}

/** Another process, running until killed: a stand-in for one that holds something. */
export async function runningProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000); console.log("up")'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  await new Promise((resolve) => child.stdout?.once('data', resolve));
  return child;
}
