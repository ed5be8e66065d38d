import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readStorageAcl } from '../../../emulator/storage';
import { fillTemplate, planDeployment, readCollectionFiles, readStorageFile } from '../../../scripts/deploy';

const root = path.resolve(__dirname, '../../..');
const rc = JSON.parse(readFileSync(path.join(root, 'cloudbaserc.json'), 'utf8'));
const env = {
  ENV_ID: 'prod-123',
  YPT_SERVER_SECRET: 'p'.repeat(64),
  YPT_TEMPLATE_VOUCHER_EXPIRY: 'tpl-voucher',
  YPT_TEMPLATE_CABLE_STATUS: 'tpl-cable',
  YPT_TEMPLATE_ENTERPRISE_BINDING: 'tpl-binding',
  YPT_TEMPLATE_HELPDESK_CASE: 'tpl-helpdesk',
  YPT_TEMPLATE_CAMPAIGN_RESULT: 'tpl-campaign-result',
  YPT_TEMPLATE_TRAINING: 'tpl-training',
  YPT_CREDIT_LINK_HOST: 'https://ypt.example.gov.cn',
};

describe('deploy plan', () => {
  test('every function of cloudbaserc.json is deployed with its limits, secret and timer triggers', async () => {
    const plan = planDeployment(rc, await readCollectionFiles(), env, await readStorageFile());
    expect(plan.envId).toBe('prod-123');
    expect(plan.functions.map((f) => f.name)).toEqual(rc.functions.map((f: { name: string }) => f.name));
    for (const fn of plan.functions) {
      expect(fn.envVariables).toMatchObject({ TZ: 'Asia/Shanghai', YPT_SERVER_SECRET: env.YPT_SERVER_SECRET });
      expect(fn.timeout).toBeLessThanOrEqual(60);
    }
    const admin = plan.functions.find((f) => f.name === 'admin')!;
    expect(admin.triggers.map((t) => t.name)).toEqual(expect.arrayContaining(['closeDueCampaigns', 'expireVouchers']));
    for (const t of admin.triggers) expect(t.config.split(' ')).toHaveLength(7);
  });

  test('collections are closed to clients and keep their unique indexes', async () => {
    const plan = planDeployment(rc, await readCollectionFiles(), env, await readStorageFile());
    expect(plan.collections.every((c) => c.acl === 'ADMINONLY')).toBe(true);
    const applications = plan.collections.find((c) => c.name === 'applications')!;
    expect(applications.createIndexes).toContainEqual({
      IndexName: 'campaign_applicant',
      MgoKeySchema: {
        MgoIndexKeys: [
          { Name: 'campaignId', Direction: '1' },
          { Name: 'applicantKey', Direction: '1' },
        ],
        MgoIsUnique: true,
      },
    });
  });

  test('a retired index is dropped, not declared again; one both declared and retired stops the plan', async () => {
    const files = await readCollectionFiles();
    const plan = planDeployment(rc, files, env, await readStorageFile());
    const applications = plan.collections.find((c) => c.name === 'applications')!;
    expect(applications.dropIndexes).toEqual(['uscc_status']);
    expect(applications.createIndexes.map((ix) => ix.IndexName)).not.toContain('uscc_status');
    expect(applications.createIndexes).toContainEqual({
      IndexName: 'uscc',
      MgoKeySchema: { MgoIndexKeys: [{ Name: 'uscc', Direction: '1' }], MgoIsUnique: false },
    });
    const clash = files.map((c) => (c.name === 'applications' ? { ...c, retiredIndexes: ['ownerOpenid'] } : c));
    expect(() => planDeployment(rc, clash, env, { acl: 'PRIVATE' })).toThrow(/applications: index ownerOpenid/);
  });

  test('storage is closed to clients except the files each user uploaded, and the local cloud enforces the same mode', async () => {
    const plan = planDeployment(rc, await readCollectionFiles(), env, await readStorageFile());
    expect(plan.storage).toEqual({ acl: 'PRIVATE' });
    expect(readStorageAcl()).toBe(plan.storage.acl);
  });

  test('a missing variable or a short secret stops the deploy before anything happens', async () => {
    expect(() => fillTemplate('{{env.ENV_ID}}', {})).toThrow(/ENV_ID/);
    expect(() => planDeployment(rc, [], { ENV_ID: 'x', YPT_SERVER_SECRET: 'short' }, { acl: 'PRIVATE' })).toThrow(
      /YPT_SERVER_SECRET/,
    );
  });
});
