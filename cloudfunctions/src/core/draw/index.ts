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
  BEACON_DELAY_SECONDS,
  DRAND_CHAINS,
  beaconSourceOf,
  beaconString,
  beaconTime,
  beaconValueOf,
  checkBeacon,
  checkDrandValue,
  firstRoundAtOrAfter,
  normalizeIssue,
  normalizeNumbers,
  pinDrand,
  randomnessOf,
  roundTime,
  testChainHash,
  verifyDrandSignature,
  type AnnouncedValue,
  type BeaconSource,
  type BeaconValue,
  type DrandChainInfo,
  type DrandChainName,
  type DrandValue,
  type PinnedAnnounced,
  type PinnedBeacon,
  type PinnedDrand,
} from './beacon';
export {
  beaconSourceSchema,
  drawEntrySchema,
  drawPoolSchema,
  drawRecordInputSchema,
  drawRecordSchema,
  hex64Schema,
  poolIdSchema,
  poolResultSchema,
} from './schema';
