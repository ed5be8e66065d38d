import { z } from 'zod';
import { DRAND_CHAINS } from './beacon';
import { DRAW_ALGORITHM } from './types';

/*
 * Shapes of the draw record. Ids must not contain tab or newline (they are the separators of the
 * snapshot and result lines); pool ids must not contain "," or "|" (separators of the poolIds list
 * and of the ticket message).
 */
const LINE_SAFE = /^[^\t\n\r]+$/;
const POOL_ID = /^[^\t\n\r,|]+$/;
const HEX64 = /^[0-9a-f]{64}$/;

export const hex64Schema = z.string().regex(HEX64, 'must be 64 lowercase hex characters');
const idSchema = z.string().regex(LINE_SAFE, 'must be non-empty, without tab or newline');
export const poolIdSchema = z.string().regex(POOL_ID, 'must be non-empty, without tab, newline, "," or "|"');

export const drawPoolSchema = z.object({
  poolId: poolIdSchema,
  faceValue: z.number().int().positive(),
  quantity: z.number().int().nonnegative(),
});

export const drawEntrySchema = z.object({
  applicationId: idSchema,
  applicantKey: idSchema,
  poolIds: z.array(poolIdSchema).min(1),
});

export const poolResultSchema = z.object({
  poolId: poolIdSchema,
  winners: z.array(idSchema),
  waitlist: z.array(idSchema),
});

const hexSchema = z.string().regex(/^([0-9a-f]{2})+$/, 'must be lowercase hex');
const instantSchema = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 instant' });
const positiveInt = z.number().int().positive();

/** The pinned source and its value, as the record publishes them (beacon.ts: BeaconSource). */
export const beaconSourceSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('drand'),
    chain: z.enum([...(Object.keys(DRAND_CHAINS) as Array<keyof typeof DRAND_CHAINS>), 'test']),
    chainHash: hex64Schema,
    round: positiveInt,
    roundTime: instantSchema,
    test: z.literal(true).optional(),
    publicKey: hexSchema.optional(),
    scheme: z.enum(['bls-unchained-g1-rfc9380', 'pedersen-bls-chained']).optional(),
    genesis: positiveInt.optional(),
    period: positiveInt.optional(),
    randomness: hex64Schema,
    signature: hexSchema,
    previousSignature: hexSchema.optional(),
  }),
  z.strictObject({
    type: z.literal('announced'),
    issue: z.string().regex(LINE_SAFE, 'must be non-empty, without tab or newline'),
    drawDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'),
    numbers: z.string().min(1),
    checkedBy: z.literal('people'),
  }),
]);

const inputFields = {
  campaignId: z.string().min(1),
  cap: z.number().int().nonnegative(),
  pools: z.array(drawPoolSchema).min(1),
  secret: hex64Schema,
  entries: z.array(drawEntrySchema),
};

/**
 * Input of `draw compute`: derived fields may be absent (filled in) or present (checked or replaced).
 * The beacon is a string, or derived from a beaconSource (then closesAt and closedAt come with it).
 */
export const drawRecordInputSchema = z
  .strictObject({
    algorithm: z.literal(DRAW_ALGORITHM).optional(),
    ...inputFields,
    beacon: z.string().min(1).optional(),
    commitment: hex64Schema.optional(),
    snapshotHash: hex64Schema.optional(),
    seed: hex64Schema.optional(),
    closesAt: instantSchema.optional(),
    closedAt: instantSchema.optional(),
    beaconSource: beaconSourceSchema.optional(),
    result: z.array(poolResultSchema).optional(),
    resultDigest: hex64Schema.optional(),
  })
  .refine((r) => r.beacon !== undefined || r.beaconSource !== undefined, {
    message: 'give a beacon or a beaconSource',
    path: ['beacon'],
  });

/** A complete, published draw record (input of `draw verify`): the beacon comes with its pinned source. */
export const drawRecordSchema = z.strictObject({
  algorithm: z.literal(DRAW_ALGORITHM),
  ...inputFields,
  beacon: z.string().min(1),
  commitment: hex64Schema,
  snapshotHash: hex64Schema,
  seed: hex64Schema,
  closesAt: instantSchema,
  closedAt: instantSchema,
  beaconSource: beaconSourceSchema,
  result: z.array(poolResultSchema),
  resultDigest: hex64Schema,
});
