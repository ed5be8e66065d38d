import { dashboardInput, type DashboardChartView } from '../../contract/admin-dashboard';
import { action } from '../../runtime/router';
import { dashboardSection } from '../reports/sections';

/**
 * One chart of the admin dashboard with the table of its numbers: a campaign's applications against quota
 * (and the oversubscription), daily trend, cities, vouchers by state, redemptions per hospital and month;
 * cable requests over a date range; the latest red list's tiers by city.
 */
export const dashboard = action({
  access: 'admin',
  input: dashboardInput,
  async handler({ section, ...scope }, { db, now }): Promise<DashboardChartView> {
    return dashboardSection(db, section, scope, now);
  },
});
