import { randomBytes } from 'node:crypto';

/**
 * WeChat's open data by cloudID, simulated. In WeChat, `getPhoneNumber` hands the mini-program a
 * cloudID; the client passes `wx.cloud.CloudID(cloudID)` in callFunction data and the platform
 * replaces it with `{cloudID, data}` before the function runs. Here the web preview (or a test)
 * asks for a cloudID for a phone number, and /client/call performs the replacement. Objects with a
 * `cloudID` this registry did not issue to the caller lose any client-made `data`, so a function
 * never trusts phone data a client wrote itself.
 */
export class OpenDataRegistry {
  private readonly issued = new Map<string, { openid: string; data: Record<string, unknown>; expiresAt: number }>();

  constructor(private readonly ttlMs = 5 * 60_000) {}

  issuePhoneNumber(openid: string, phone: string, appId: string): string {
    const cloudID = `sim-cloudid-${randomBytes(12).toString('hex')}`;
    this.issued.set(cloudID, {
      openid,
      expiresAt: Date.now() + this.ttlMs,
      data: {
        phoneNumber: phone,
        purePhoneNumber: phone,
        countryCode: '86',
        watermark: { appid: appId, timestamp: Math.floor(Date.now() / 1000) },
      },
    });
    return cloudID;
  }

  /** Replaces CloudID markers in a client's call data, as the platform does. */
  resolve(value: unknown, openid: string): unknown {
    if (Array.isArray(value)) return value.map((v) => this.resolve(v, openid));
    if (!value || typeof value !== 'object') return value;
    const record = value as Record<string, unknown>;
    if (typeof record.cloudID === 'string') {
      const entry = this.issued.get(record.cloudID);
      if (entry && entry.openid === openid && entry.expiresAt > Date.now())
        return { cloudID: record.cloudID, data: entry.data };
      return { cloudID: record.cloudID };
    }
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, this.resolve(v, openid)]));
  }
}
