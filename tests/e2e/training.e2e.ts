/**
 * The training journey in the web preview, on a seeded local cloud: the demo enterprise finds the session
 * starting within the hour (sign-up open until the start) in 质量培训, signs up a named member of staff,
 * and gets the ticket with its check-in QR code; the demo trainer opens 培训签到, that session's roster,
 * and checks the attendee in by name; the ticket then says so. Screenshots go to
 * tests/e2e/artifacts/training-*.png.
 */
import { usePreview, type Envelope } from './helpers/browser';

jest.setTimeout(240_000);

const preview = usePreview();
const ATTENDEE = '林嘉欣';
const PHONE = '13787654321';
let signupId = '';

it('the enterprise signs up a member of staff from 质量培训 and gets a ticket with a QR code', async () => {
  const sessions = await preview.callAs<Envelope<{ items: { sessionId: string; title: string }[] }>>(
    'demo-trainer',
    'training',
    { action: 'trainerSessions', page: 1 },
  );
  const today = sessions.data.items.find((s) => s.title.includes('今日开课'))!;

  await preview.openAs('demo-enterprise', 'pages/training/list/index');
  await preview.waitForText(today.title);
  await preview.screenshot('training-1-list');
  await preview.tap(today.title);
  await preview.waitForRoute('pages/training/session/index');
  await preview.waitForText('课程大纲');
  await preview.screenshot('training-2-session');
  await preview.tap('我要报名');
  await preview.waitForRoute('pages/training/apply/index');
  await preview.waitForText('企业报名');
  await preview.type('参训人员姓名', ATTENDEE);
  await preview.type('11 位手机号', PHONE);
  await preview.screenshot('training-3-form');
  await preview.tap('提交报名');
  await preview.waitForRoute('pages/training/ticket/index');
  await preview.waitForText('签到时请向工作人员出示此码');
  await preview.screen().locator('.qr__image').first().waitFor();
  await preview.toastGone();
  await preview.screenshot('training-4-ticket');

  const mine = await preview.callAs<Envelope<{ items: { signupId: string; attendee: { name: string } }[] }>>(
    'demo-enterprise',
    'training',
    { action: 'mySignups', scope: 'active', page: 1 },
  );
  signupId = mine.data.items.find((s) => s.attendee.name === ATTENDEE)!.signupId;
  expect(signupId).toBeTruthy();
});

it('the trainer checks the attendee in by name from the roster', async () => {
  await preview.openAs('demo-trainer', 'pages/trainer/sessions/index');
  const card = preview.screen().locator('.session').filter({ hasText: '今日开课' }).first();
  await card.waitFor();
  await card.click();
  await preview.waitForRoute('pages/trainer/roster/index');
  // Names and phones in full: the organiser's own list.
  await preview.waitForText(PHONE);
  await preview.screen().locator('.attendee__name').filter({ hasText: ATTENDEE }).first().waitFor();
  await preview.screenshot('training-5-roster');
  await preview.screen().locator('.attendee').filter({ hasText: ATTENDEE }).locator('.attendee__check-in').click();
  await preview.page.getByRole('dialog', { name: '确认签到' }).getByRole('button', { name: '确定' }).click();
  await preview.waitForText('签到成功');
  await preview.screenshot('training-6-checked-in');

  const ticket = await preview.callAs<Envelope<{ checkedInAt: string | null; checkInCode: string | null }>>(
    'demo-enterprise',
    'training',
    { action: 'getSignup', signupId },
  );
  expect(ticket.data.checkedInAt).toEqual(expect.any(String));
  expect(ticket.data.checkInCode).toBeNull();
});

it('the ticket then says the attendee checked in, and no longer shows the code', async () => {
  await preview.openAs('demo-enterprise', `pages/training/ticket/index?signupId=${signupId}`);
  await preview.waitForText(/已于 .* 签到（名单签到）/);
  expect(await preview.screen().locator('.qr__image').count()).toBe(0);
  await preview.screenshot('training-7-ticket-after');
  expect(await preview.errors()).toEqual([]);
});
