import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  DRAND_CHAINS,
  beaconString,
  checkBeacon,
  computeRecord,
  firstRoundAtOrAfter,
  pinDrand,
  randomnessOf,
  roundTime,
  verifyDrandSignature,
  verifyRecord,
  type BeaconSource,
  type DrawRecord,
  type DrawRecordInput,
} from '../../../cloudfunctions/src/core/draw';
import { LocalDrandChain } from '../../../emulator/drand';
import { EXIT_MISMATCH, EXIT_OK, runCli } from '../../../scripts/draw';

type DrandSource = Extract<BeaconSource, { type: 'drand' }>;

const fixtures = path.join(__dirname, '../../fixtures/draw');
const vector1 = (): DrawRecordInput => {
  const {
    beacon: _b,
    beaconSource: _s,
    closesAt: _c,
    closedAt: _d,
    ...rest
  } = JSON.parse(readFileSync(path.join(fixtures, 'vector1.input.json'), 'utf8'));
  return rest;
};

/**
 * Genuine published rounds (as quoted in noislabs/drand-verify's tests):
 * https://api3.drand.sh/52db9ba7…c84e971/public/123 and https://drand.cloudflare.com/public/72785.
 */
const QUICKNET_123 = {
  round: 123,
  signature: 'b75c69d0b72a5d906e854e808ba7e2accb1542ac355ae486d591aa9d43765482e26cd02df835d3546d23c4b13e0dfc92',
};
const DEFAULT_72785 = {
  round: 72785,
  previousSignature:
    'a609e19a03c2fcc559e8dae14900aaefe517cb55c840f6e69bc8e4f66c8d18e8a609685d9917efbfb0c37f058c2de88f13d297c7e19e0ab24813079efe57a182554ff054c7638153f9b26a60e7111f71a0ff63d9571704905d3ca6df0b031747',
  signature:
    '82f5d3d2de4db19d40a6980e8aa37842a0e55d1df06bd68bddc8d60002e8e959eb9cfa368b3c1b77d18f02a54fe047b80f0989315f83b12a74fd8679c4f12aae86eaf6ab5690b34f1fddd50ee3cc6f6cdf59e95526d5a5d82aaa84fa6f181e42',
};

/** A campaign whose pinned round is `round`: it was due to close 10 minutes before that round, and did. */
function campaignTimesFor(chain: { genesis: number; period: number }, round: number) {
  const closesAt = new Date(roundTime(chain, round).getTime() - 600_000).toISOString();
  return { closesAt, closedAt: closesAt };
}

function quicknetRecord(): DrawRecord {
  const chain = DRAND_CHAINS.quicknet;
  const times = campaignTimesFor(chain, QUICKNET_123.round);
  const beaconSource: BeaconSource = {
    ...pinDrand('quicknet', chain, new Date(times.closesAt)),
    randomness: randomnessOf(QUICKNET_123.signature),
    signature: QUICKNET_123.signature,
  };
  return computeRecord({ ...vector1(), ...times, beaconSource });
}

const difference = (record: unknown, options = {}) => {
  const outcome = verifyRecord(record, options);
  return outcome.ok ? 'ok' : outcome.difference;
};

describe('drand rounds and their BLS signatures (offline)', () => {
  test('round r is produced at genesis + (r − 1) · period; the pinned round is the first at or after a time', () => {
    const quicknet = DRAND_CHAINS.quicknet;
    expect(roundTime(quicknet, 1).getTime() / 1000).toBe(1692803367);
    expect(roundTime(quicknet, 123).getTime() / 1000).toBe(1692803367 + 122 * 3);
    expect(firstRoundAtOrAfter(quicknet, new Date(1692803367_000))).toBe(1);
    expect(firstRoundAtOrAfter(quicknet, new Date(1692803367_001))).toBe(2);
    expect(firstRoundAtOrAfter(quicknet, new Date((1692803367 + 366) * 1000))).toBe(123);
    expect(firstRoundAtOrAfter(quicknet, new Date(0))).toBe(1);
    // closesAt + 10 minutes, to the next round.
    const pinned = pinDrand('quicknet', quicknet, new Date((1692803367 + 366 - 600) * 1000 - 1));
    expect(pinned).toEqual({
      type: 'drand',
      chain: 'quicknet',
      chainHash: quicknet.chainHash,
      round: 123,
      roundTime: new Date((1692803367 + 366) * 1000).toISOString(),
    });
  });

  test('a real quicknet round verifies against the chain key; another round or signature does not', () => {
    const quicknet = DRAND_CHAINS.quicknet;
    expect(verifyDrandSignature(quicknet, 123, QUICKNET_123)).toBe(true);
    expect(verifyDrandSignature(quicknet, 124, QUICKNET_123)).toBe(false);
    const flipped = QUICKNET_123.signature.replace(/^b7/, 'b6');
    expect(verifyDrandSignature(quicknet, 123, { signature: flipped })).toBe(false);
    expect(verifyDrandSignature(quicknet, 123, { signature: 'zz' })).toBe(false);
  });

  test('a real default-chain round verifies with its previous signature (chained scheme)', () => {
    const chain = DRAND_CHAINS.default;
    expect(verifyDrandSignature(chain, 72785, DEFAULT_72785)).toBe(true);
    expect(verifyDrandSignature(chain, 72786, DEFAULT_72785)).toBe(false);
    const otherPrevious = DEFAULT_72785.previousSignature.replace(/^a6/, '6a');
    expect(verifyDrandSignature(chain, 72785, { ...DEFAULT_72785, previousSignature: otherPrevious })).toBe(false);
    expect(verifyDrandSignature(chain, 72785, { signature: DEFAULT_72785.signature })).toBe(false);
  });
});

describe('verify checks the pinned beacon', () => {
  test('a quicknet record verifies: round pinned for closesAt, signature genuine, beacon derived from it', () => {
    const record = quicknetRecord();
    expect(record.beacon).toBe(`drand ${DRAND_CHAINS.quicknet.chainHash} 123 ${randomnessOf(QUICKNET_123.signature)}`);
    expect(verifyRecord(record)).toEqual({
      ok: true,
      notices: [expect.stringContaining('beacon: drand quicknet round 123, signature verified')],
    });
  });

  test('a default-chain record verifies too', () => {
    const chain = DRAND_CHAINS.default;
    const times = campaignTimesFor(chain, DEFAULT_72785.round);
    const record = computeRecord({
      ...vector1(),
      ...times,
      beaconSource: {
        ...pinDrand('default', chain, new Date(times.closesAt)),
        randomness: randomnessOf(DEFAULT_72785.signature),
        ...DEFAULT_72785,
      },
    });
    expect(verifyRecord(record)).toMatchObject({ ok: true });
    const { previousSignature: _p, ...withoutPrevious } = record.beaconSource as DrandSource;
    expect(difference({ ...record, beaconSource: withoutPrevious })).toMatch(/previousSignature is missing/);
  });

  test('the rigged record: a beacon ground until a chosen entry wins recomputes, but no longer verifies', () => {
    const honest = quicknetRecord();
    const honestWinner = honest.result[0].winners[0];
    // What an admin holding the secret and the snapshot could do with a free beacon: try until another entry wins.
    let rigged: DrawRecord | undefined;
    for (let i = 0; i < 50 && !rigged; i++) {
      const randomness = randomnessOf(i.toString(16).padStart(2, '0'));
      const candidate = computeRecord({
        ...vector1(),
        beacon: beaconString(honest.beaconSource!, { randomness, signature: QUICKNET_123.signature }),
      });
      if (candidate.result[0].winners[0] !== honestWinner)
        rigged = { ...honest, ...candidate, beaconSource: honest.beaconSource };
    }
    if (!rigged) throw new Error('no rigged beacon found');
    // The seed, result and digest are consistent with the ground beacon …
    expect(rigged.seed).not.toBe(honest.seed);
    // … but the beacon is not the pinned round's, whatever else is changed to match it.
    expect(difference(rigged)).toMatch(/^beacon differs: record has drand 52db9ba7/);
    const randomness = rigged.beacon.split(' ')[3];
    const claimed = { ...rigged, beaconSource: { ...honest.beaconSource!, randomness } };
    expect(difference(claimed)).toMatch(
      /^beaconSource\.randomness differs: record has [0-9a-f]{64}, SHA-256\(signature\) is/,
    );
    const { beaconSource: _s, ...unpinned } = rigged;
    expect(difference(unpinned)).toMatch(/^not a valid draw record: beaconSource: /);
  });

  test('a bad BLS signature, another round, or a late close is refused', () => {
    const honest = quicknetRecord();
    const source = honest.beaconSource as DrandSource;
    // A signature of another round, with randomness and beacon made to match it: the signature check catches it.
    const forged = 'a' + source.signature.slice(1);
    const reforged = computeRecord({
      ...vector1(),
      closesAt: honest.closesAt,
      closedAt: honest.closedAt,
      beaconSource: { ...source, signature: forged, randomness: randomnessOf(forged) },
    });
    expect(difference(reforged)).toBe(
      "beaconSource.signature is not a valid signature of round 123 under the chain's public key",
    );
    // A later round than the one pinned for this closesAt.
    const later = { ...source, round: 124, roundTime: roundTime(DRAND_CHAINS.quicknet, 124).toISOString() };
    expect(difference({ ...honest, beaconSource: later, beacon: beaconString(later, later) })).toMatch(
      /^beaconSource\.round differs: record has 124, the first round at least 10 minutes after closesAt .* is 123/,
    );
    // Closed after the round was out: applications could have come from someone who knew it.
    const lateClose = new Date(Date.parse(source.roundTime) + 1000).toISOString();
    expect(difference({ ...honest, closedAt: lateClose })).toMatch(/^closedAt .* is after round 123 was produced/);
    // A key of one's own for the public chain name is not accepted.
    expect(difference({ ...honest, beaconSource: { ...source, publicKey: 'ab' } })).toMatch(/must not name another/);
  });
});

describe('the local test chain', () => {
  const chain = new LocalDrandChain();

  function testChainRecord(): DrawRecord {
    const round = 1000;
    const times = campaignTimesFor(chain.info, round);
    const { randomness, signature } = chain.round(round);
    return computeRecord({
      ...vector1(),
      ...times,
      beaconSource: { ...pinDrand('test', chain.info, new Date(times.closesAt)), randomness, signature },
    });
  }

  test('signs rounds that verify against its key, marked test, accepted only when asked', () => {
    const record = testChainRecord();
    expect(record.beaconSource).toMatchObject({ type: 'drand', chain: 'test', test: true, round: 1000 });
    expect(difference(record)).toBe(
      'beaconSource is a local test chain, not a public drand network (pass --allow-test-chain to accept it)',
    );
    expect(verifyRecord(record, { allowTestChain: true })).toMatchObject({ ok: true });
    // Its info is bound to its hash: another key under the same name fails.
    const other = new LocalDrandChain({ seed: 'another key' });
    const swapped = { ...record.beaconSource!, publicKey: other.info.publicKey };
    expect(difference({ ...record, beaconSource: swapped }, { allowTestChain: true })).toMatch(
      /^beaconSource\.chainHash differs/,
    );
  });

  test('`draw verify` rejects it unless given --allow-test-chain, and rejects a bad signature either way', () => {
    const record = testChainRecord();
    const source = record.beaconSource as DrandSource;
    const badSignature = chain.round(1001).signature;
    const files: Record<string, string> = {
      'test-chain.json': JSON.stringify(record),
      'bad-signature.json': JSON.stringify(
        computeRecord({
          ...vector1(),
          closesAt: record.closesAt,
          closedAt: record.closedAt,
          beaconSource: { ...source, signature: badSignature, randomness: randomnessOf(badSignature) },
        }),
      ),
    };
    const run = (argv: string[]) => {
      let stdout = '';
      let stderr = '';
      const code = runCli(argv, {
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
        readChunks: (p) => [Buffer.from(files[p])],
        writeFile: () => undefined,
      });
      return { code, stdout, stderr };
    };
    const refused = run(['verify', 'test-chain.json']);
    expect(refused.code).toBe(EXIT_MISMATCH);
    expect(refused.stderr).toContain('not a public drand network (pass --allow-test-chain to accept it)');
    const accepted = run(['verify', 'test-chain.json', '--allow-test-chain']);
    expect(accepted.code).toBe(EXIT_OK);
    expect(accepted.stdout).toContain('beacon: local test chain round 1000, signature verified');
    const bad = run(['verify', 'bad-signature.json', '--allow-test-chain']);
    expect(bad.code).toBe(EXIT_MISMATCH);
    expect(bad.stderr).toContain('beaconSource.signature is not a valid signature of round 1000');
  });
});

describe('an announced lottery issue', () => {
  const record = (): DrawRecord => JSON.parse(readFileSync(path.join(fixtures, 'vector1.record.json'), 'utf8'));

  test('its beacon is `<drawDate> <issue> <numbers>`: test vector 1’s beacon', () => {
    const r = record();
    expect(r.beaconSource).toEqual({
      type: 'announced',
      issue: '福彩3D 第2022176期',
      drawDate: '2022-07-05',
      numbers: '5 0 8',
      checkedBy: 'people',
    });
    expect(beaconString(r.beaconSource!, { numbers: '5, 0，8' })).toBe('2022-07-05 福彩3D 第2022176期 5 0 8');
  });

  test('must be drawn after the closing day, and the campaign closed before that day began', () => {
    const r = record();
    const source = r.beaconSource!;
    const check = (closesAt: string, closedAt: string) =>
      checkBeacon({ beacon: r.beacon, beaconSource: source, closesAt, closedAt });
    expect(check('2022-07-04T15:59:59.000Z', '2022-07-04T15:59:59.000Z')).toMatchObject({ ok: true });
    // 2022-07-05 00:00 in Shanghai is 2022-07-04T16:00Z.
    expect(check('2022-07-04T16:00:00.000Z', '2022-07-04T16:00:00.000Z')).toEqual({
      ok: false,
      difference: 'beaconSource.drawDate 2022-07-05 is not after the closing day 2022-07-05',
    });
    expect(check('2022-07-04T09:00:00.000Z', '2022-07-04T16:00:01.000Z')).toEqual({
      ok: false,
      difference: 'closedAt 2022-07-04T16:00:01.000Z is after the start of the draw day 2022-07-05',
    });
  });
});
