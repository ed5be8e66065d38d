import { profile } from '../helpers/fixtures';
import { deferred, mockWx, ok, type Envelope } from '../helpers/wx';

type Session = typeof import('../../../miniprogram/services/session');

/** A fresh module per test: the session cache lives for one launch. */
function freshSession(): Session {
  let session!: Session;
  jest.isolateModules(() => {
    session = require('../../../miniprogram/services/session');
  });
  return session;
}

describe('services/session', () => {
  it('logs in once and shares the profile', async () => {
    const wx = mockWx({ 'user.login': ok(profile({ openid: 'o1' })) });
    const session = freshSession();
    expect(session.cachedProfile()).toBeNull();
    await expect(session.loadProfile()).resolves.toMatchObject({ openid: 'o1' });
    await session.loadProfile();
    expect(wx.calls()).toHaveLength(1);
    expect(session.cachedProfile()).toMatchObject({ openid: 'o1' });
  });

  it('makes one call for simultaneous first loads', async () => {
    const answer = deferred<Envelope>();
    const wx = mockWx({ 'user.login': () => answer.promise });
    const session = freshSession();
    const both = Promise.all([session.loadProfile(), session.loadProfile()]);
    answer.resolve(ok(profile()));
    await both;
    expect(wx.calls()).toHaveLength(1);
  });

  it('logs in again on refresh, and after a failure', async () => {
    let n = 0;
    const wx = mockWx({
      'user.login': () => (++n === 1 ? { ok: false, code: 'INTERNAL', message: '繁忙' } : ok(profile())),
    });
    const session = freshSession();
    await expect(session.loadProfile()).rejects.toMatchObject({ code: 'INTERNAL' });
    await session.loadProfile();
    await session.loadProfile({ refresh: true });
    expect(wx.calls()).toHaveLength(3);
  });

  it('stores and patches the profile that later pages show', async () => {
    mockWx({ 'user.login': ok(profile()) });
    const session = freshSession();
    await session.loadProfile();
    session.patchProfile({ phoneVerified: true, phoneMasked: '138****8000' });
    expect(session.cachedProfile()).toMatchObject({ phoneVerified: true, phoneMasked: '138****8000' });
    session.storeProfile(profile({ openid: 'o2' }));
    expect(session.cachedProfile()?.openid).toBe('o2');
  });
});
