import type { RedlistApi } from '../contract/redlist';
import { createFunction, type ActionTableFor } from '../runtime/router';
import { changes } from './actions/changes';
import { detail } from './actions/detail';
import { poster } from './actions/poster';
import { search } from './actions/search';
import { stats } from './actions/stats';
import { versions } from './actions/versions';

/**
 * `redlist`: public lookup of the red list (红榜), no login: search by USCC, name fragment (former
 * names too), tier, city and product category; an enterprise's detail; versions and their counts; the
 * badge poster of a listed enterprise (its entry and the mini-program code that opens it). Reads only
 * published versions.
 */
export const main = createFunction({
  search,
  detail,
  versions,
  stats,
  changes,
  poster,
} satisfies ActionTableFor<RedlistApi>);
