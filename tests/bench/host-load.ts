import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

/**
 * How busy the host was, printed beside timings: this bench shares its cores with whatever else runs on
 * the machine (the same code took 25 to 33 s for the 200k campaign as the host's load moved).
 * `cpuPressure`: Linux's share of the last 60 s in which some runnable task waited for a CPU
 * (/proc/pressure/cpu "some avg60"), our own processes included; absent where the kernel has no PSI.
 */
export function hostLoad(): { loadAverage1m: number; cpuPressurePercent?: number } {
  const figures: { loadAverage1m: number; cpuPressurePercent?: number } = { loadAverage1m: +loadavg()[0].toFixed(2) };
  const psi = '/proc/pressure/cpu';
  const some = existsSync(psi) ? /^some .*avg60=([\d.]+)/m.exec(readFileSync(psi, 'utf8')) : null;
  if (some) figures.cpuPressurePercent = Number(some[1]);
  return figures;
}
