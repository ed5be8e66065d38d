/**
 * The cable catalogue (types, cross-sections, concerns, channels, outcomes, photo and report files)
 * lives once in miniprogram/shared/cable-catalog.ts, shared with the mini-program; this module re-exports
 * it and adds what only the server needs.
 */
export * from '../../../../miniprogram/shared/cable-catalog';

/** At most this many requests per requester may be open (not completed, rejected or cancelled) at once. */
export const MAX_OPEN_REQUESTS = 5;

/** Where to complain about sub-standard cables (national market-regulation channels). */
export const COMPLAINT_CHANNELS = {
  hotline: '12315',
  platform: '全国12315平台',
  url: 'https://www.12315.cn',
  miniProgram: '全国12315平台（微信小程序）',
} as const;
