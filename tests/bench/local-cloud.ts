/**
 * What the benches do to a local cloud from outside: call a function as the CloudBase console does (the
 * manager API's invokeFunction), and insert many synthetic enterprise applications straight into the database.
 */
import { Agent, request } from 'node:http';
import { makeUscc } from '../../cloudfunctions/src/core/uscc';
import type { LocalCloud } from '../../emulator/start';

export async function post(url: string, body: unknown): Promise<any> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return res.json();
}

/**
 * A client of at most 64 keep-alive connections, as the tests' client is: every racer's call is made at
 * once, and the local cloud runs up to 64 of them together in a function's one worker (CloudBase would run
 * each in an instance of its own; one worker's 256 MB does not hold 200 at once). `destroy` when done.
 */
export function pooledClient(): { post(url: string, body: unknown): Promise<any>; destroy(): void } {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  return {
    post(url, body) {
      const payload = JSON.stringify(body);
      return new Promise((resolve, reject) => {
        const req = request(
          url,
          {
            method: 'POST',
            agent,
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(payload);
      });
    },
    destroy: () => agent.destroy(),
  };
}

/** `name`'s action as a console call; the answer's data, or a thrown `function.action: CODE message`. */
export async function consoleCall(cloud: LocalCloud, name: string, data: object): Promise<any> {
  const reply = await post(cloud.adminUrl, {
    action: 'functions.invokeFunction',
    function_name: name,
    request_data: JSON.stringify(data),
  });
  const result = JSON.parse(reply.data.response_data);
  if (!result.ok) throw new Error(`${name}.${(data as any).action}: ${result.code} ${result.message}`);
  return result.data;
}

/** A USCC per index, valid (check digit included) and distinct for indexes below 10^8. */
export const usccFor = (i: number) => makeUscc({ division: '440106', orgCode: String(10000000 + i).slice(-8) });

/**
 * `count` enterprise applications to `campaignId`, inserted 10,000 at a time: applicant i is `${name}${i}`
 * with openid `${openid}-${i}`, USCC usccFor(usccOffset + i) and the pools poolChoices[i % length].
 */
export async function insertEnterpriseApplications(
  cloud: LocalCloud,
  campaignId: string,
  options: { count: number; name: string; openid: string; poolChoices: string[][]; usccOffset?: number },
): Promise<void> {
  const { count, name, openid, poolChoices, usccOffset = 0 } = options;
  for (let start = 0; start < count; start += 10_000) {
    const batch = [];
    for (let i = start; i < Math.min(count, start + 10_000); i++) {
      const uscc = usccFor(usccOffset + i);
      batch.push({
        campaignId,
        applicantKey: uscc,
        applicantType: 'enterprise',
        applicantName: `${name}${i}`,
        uscc,
        ownerOpenid: `${openid}-${i}`,
        contact: { name: '陈志强', phone: '13800138000' },
        city: '广州市',
        poolIds: poolChoices[i % poolChoices.length],
        services: [],
        status: 'submitted',
        submittedAt: new Date(),
      });
    }
    await cloud.db.insertMany('applications', batch);
  }
}
