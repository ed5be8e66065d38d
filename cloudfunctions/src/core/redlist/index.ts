/**
 * Red list (红榜) `redlist-v1`: pure rule, bulk evaluation, version diffs, warning list, name
 * matching. Import parsing (csv-parse / exceljs) lives in './import' and is not re-exported here,
 * so a function that only evaluates or looks up does not bundle the parsers.
 */
export * from './types';
export * from './dates';
export { RULE_VERSION, DATA_START, DATA_START_KEY, evaluateEnterprise, tierForYears } from './rule';
export * from './evaluate-all';
export * from './diff';
export * from './warnings';
export * from './names';
export { normalizeName, foldWidth } from './normalize';
export * from './region';
