/** The check-up's pages (the 帮扶 tab links to the questionnaire). */
export const CHECKUP_PAGES = {
  questionnaire: '/pages/checkup/index/index',
  result: '/pages/checkup/result/index',
  history: '/pages/checkup/history/index',
} as const;
