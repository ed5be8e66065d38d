/** The verifiable lottery `draw-v1`: pure, deterministic, recomputable by anyone from the record. */
export * from './types';
export {
  commitmentOf,
  deriveSeed,
  newSecret,
  processingOrder,
  resultDigest,
  snapshotHash,
  snapshotLine,
  ticket,
  type SeedInput,
} from './hashes';
export { computeDraw, rankByTicket, type DrawInput } from './compute';
export {
  compareResults,
  computeRecord,
  formatRecord,
  formatRecordChunks,
  resultRowCount,
  resultRows,
  verifyParsedRecord,
  verifyRecord,
  type ResultRow,
} from './record';
export {
  promoteFromWaitlist,
  type PassOverReason,
  type PromotionInput,
  type PromotionResult,
  type WaitlistCandidate,
} from './waitlist';
export {
  drawEntrySchema,
  drawPoolSchema,
  drawRecordInputSchema,
  drawRecordSchema,
  hex64Schema,
  poolIdSchema,
  poolResultSchema,
} from './schema';
