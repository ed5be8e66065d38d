import { z } from 'zod';
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

const inputFields = {
  campaignId: z.string().min(1),
  cap: z.number().int().nonnegative(),
  pools: z.array(drawPoolSchema).min(1),
  secret: hex64Schema,
  beacon: z.string().min(1),
  entries: z.array(drawEntrySchema),
};

/** Input of `draw compute`: derived fields may be absent (filled in) or present (checked or replaced). */
export const drawRecordInputSchema = z.strictObject({
  algorithm: z.literal(DRAW_ALGORITHM).optional(),
  ...inputFields,
  commitment: hex64Schema.optional(),
  snapshotHash: hex64Schema.optional(),
  seed: hex64Schema.optional(),
  result: z.array(poolResultSchema).optional(),
  resultDigest: hex64Schema.optional(),
});

/** A complete, published draw record (input of `draw verify`). */
export const drawRecordSchema = z.strictObject({
  algorithm: z.literal(DRAW_ALGORITHM),
  ...inputFields,
  commitment: hex64Schema,
  snapshotHash: hex64Schema,
  seed: hex64Schema,
  result: z.array(poolResultSchema),
  resultDigest: hex64Schema,
});
