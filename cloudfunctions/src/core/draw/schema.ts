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

/** drawEntrySchema's verdict on one element, without building a copy of it. */
function isDrawEntry(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const { applicationId, applicantKey, poolIds } = value as Record<string, unknown>;
  if (typeof applicationId !== 'string' || !LINE_SAFE.test(applicationId)) return false;
  if (typeof applicantKey !== 'string' || !LINE_SAFE.test(applicantKey)) return false;
  if (!Array.isArray(poolIds) || poolIds.length === 0) return false;
  for (const poolId of poolIds) if (typeof poolId !== 'string' || !POOL_ID.test(poolId)) return false;
  return true;
}

function isIdList(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  for (const id of value) if (typeof id !== 'string' || !LINE_SAFE.test(id)) return false;
  return true;
}

/** poolResultSchema's verdict on one element, without building a copy of it. */
function isPoolResult(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const { poolId, winners, waitlist } = value as Record<string, unknown>;
  return typeof poolId === 'string' && POOL_ID.test(poolId) && isIdList(winners) && isIdList(waitlist);
}

const elementChecks = [
  { key: 'entries', check: isDrawEntry, schema: drawEntrySchema },
  { key: 'result', check: isPoolResult, schema: poolResultSchema },
] as const;

/**
 * `schema.safeParse(raw)` for a record of a million entries: zod checks everything but the entries
 * and result elements, which are checked in place by the same rules (and kept, not copied: zod
 * would build a second million objects). An element that fails is run through its zod schema for
 * the message, so the issues read as zod's would. Extra keys in an element are ignored, as zod
 * ignores them; readers of the record use only the known fields.
 */
export function parseLargeRecord<S extends typeof drawRecordSchema | typeof drawRecordInputSchema>(
  schema: S,
  raw: unknown,
): { success: true; data: z.infer<S> } | { success: false; error: z.ZodError } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return schema.safeParse(raw) as never;
  const shell: Record<string, unknown> = { ...raw };
  const kept: Record<string, unknown[]> = {};
  for (const { key } of elementChecks) {
    const value = shell[key];
    if (Array.isArray(value)) {
      kept[key] = value;
      shell[key] = [];
    }
  }
  const parsed = schema.safeParse(shell);
  const issues: z.core.$ZodIssue[] = parsed.success ? [] : [...parsed.error.issues];
  for (const { key, check, schema: elementSchema } of elementChecks) {
    const elements = kept[key];
    if (!elements) continue;
    for (let i = 0; i < elements.length && issues.length <= 5; i++) {
      if (check(elements[i])) continue;
      const element = elementSchema.safeParse(elements[i]);
      if (!element.success)
        for (const issue of element.error.issues) issues.push({ ...issue, path: [key, i, ...issue.path] });
    }
  }
  if (issues.length > 0 || !parsed.success) return { success: false, error: new z.ZodError(issues) };
  return { success: true, data: { ...parsed.data, ...kept } as z.infer<S> };
}
