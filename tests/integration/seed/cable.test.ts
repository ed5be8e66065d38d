import { seedCable } from '../../../seed/cable';
import { connect } from '../../../seed/client';
import { startTestCloud } from '../helpers/local-cloud';
import { docs, ok, setUpHospitals, type TestCloud } from '../cable/fixtures';

/** The demo data walks the real workflow rules and reads back through the functions. */
describe('cable demo seed', () => {
  let cloud: TestCloud;

  beforeAll(async () => {
    cloud = await startTestCloud();
    await setUpHospitals(cloud);
    await cloud.db.insertMany('users', [{ _id: 'demo-staff', roles: ['staff'], hospitalId: 'gd-cable' }]);
    await seedCable(connect(cloud.cloud));
  }, 60_000);
  afterAll(() => cloud?.stop());

  test('the demo consumer has requests in every stage, three of them open', async () => {
    const mine = ok(await cloud.call('cable', { action: 'myRequests' }, 'demo-consumer'));
    expect(mine.total).toBe(6);
    expect(mine.openCount).toBe(3);
    expect(new Set(mine.items.map((i: { status: string }) => i.status))).toEqual(
      new Set(['submitted', 'accepted', 'screening', 'completed', 'cancelled']),
    );
    const [holder] = await docs(cloud, 'cable_requesters', { _id: 'demo-consumer' });
    expect(holder.openRequestIds).toHaveLength(3);
  });

  test('the demo staff member’s queue holds the open ones; a non-conforming result shows the follow-up', async () => {
    const queue = ok(await cloud.call('hospital', { action: 'screeningQueue' }, 'demo-staff'));
    expect(queue.total).toBe(3);
    expect(queue.counts.completed).toBe(2);
    const done = ok(await cloud.call('hospital', { action: 'screeningQueue', status: 'completed' }, 'demo-staff'));
    const bad = done.items.find((i: { verdict: string }) => i.verdict === 'non_conforming');
    const view = ok(await cloud.call('cable', { action: 'getRequest', requestId: bad.requestId }, 'demo-consumer'));
    expect(view.history).toHaveLength(5);
    expect(view.findings.filter((f: { outcome: string }) => f.outcome === 'fail')).toHaveLength(3);
    expect(view.followUp.complaint.hotline).toBe('12315');
    // The report is a stored file the requester can open through the server's temporary URL.
    const report = await fetch(view.report.url);
    expect(report.status).toBe(200);
    expect((await report.text()).startsWith('%PDF-1.4')).toBe(true);
  });

  test('the demo consumer can still submit (below the open-request limit)', async () => {
    const queue = ok(await cloud.call('cable', { action: 'formOptions' }, 'demo-consumer'));
    expect(queue.maxOpenRequests).toBeGreaterThan(3);
  });
});
