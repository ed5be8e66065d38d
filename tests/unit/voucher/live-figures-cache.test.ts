import { TtlCache } from '../../../cloudfunctions/src/voucher/live-figures';

/** The per-instance cache behind voucher.liveFigures, on a clock the test moves. */
describe('TtlCache', () => {
  let now = 0;
  const clock = () => now;
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  beforeEach(() => {
    now = 1_000_000;
  });

  test('a value is reused until its time to live has passed, then loaded again', async () => {
    const cache = new TtlCache<number>(10, clock);
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.get('c1', load, () => 30_000)).toBe(1);
    now += 29_999;
    expect(await cache.get('c1', load, () => 30_000)).toBe(1);
    now += 1;
    expect(await cache.get('c1', load, () => 30_000)).toBe(2);
    expect(await cache.get('c2', load, () => 30_000)).toBe(3);
  });

  test('callers arriving while a load runs share it (one load for a burst)', async () => {
    const cache = new TtlCache<string>(10, clock);
    let release!: (v: string) => void;
    const load = jest.fn(() => new Promise<string>((resolve) => (release = resolve)));
    const burst = Array.from({ length: 100 }, () => cache.get('c1', load, () => 30_000));
    now += 60_000; // a slow load does not expire while it runs
    burst.push(cache.get('c1', load, () => 30_000));
    release('counted');
    expect(await Promise.all(burst)).toEqual(Array(101).fill('counted'));
    expect(load).toHaveBeenCalledTimes(1);
  });

  test('a failed load is not kept: the next caller tries again', async () => {
    const cache = new TtlCache<number>(10, clock);
    await expect(
      cache.get(
        'c1',
        () => Promise.reject(new Error('db down')),
        () => 30_000,
      ),
    ).rejects.toThrow('db down');
    await settle();
    expect(
      await cache.get(
        'c1',
        async () => 7,
        () => 30_000,
      ),
    ).toBe(7);
  });

  test('the time to live follows the value (final counts are kept longer), and old keys are dropped past the limit', async () => {
    const cache = new TtlCache<{ final: boolean }>(2, clock);
    const ttl = (v: { final: boolean }) => (v.final ? 600_000 : 30_000);
    await cache.get('closed', async () => ({ final: true }), ttl);
    now += 300_000;
    const again = jest.fn(async () => ({ final: true }));
    await cache.get('closed', again, ttl);
    expect(again).not.toHaveBeenCalled();
    await cache.get('a', async () => ({ final: false }), ttl);
    await cache.get('b', async () => ({ final: false }), ttl);
    await cache.get('closed', again, ttl);
    expect(again).toHaveBeenCalledTimes(1);
  });
});
