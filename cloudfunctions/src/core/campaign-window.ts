/** The application window rule (miniprogram/shared/campaign-window.ts, re-exported: one copy for both sides). */
export * from '../../../miniprogram/shared/campaign-window';
