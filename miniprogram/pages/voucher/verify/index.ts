import type { CampaignView } from '../../../../typings/api';
import { definePage, type ViewState } from '../../../definitions/index';
import { ApiError, call, toastError } from '../../../services/api';
import { describeBeacon, type BeaconDisplay } from '../../../utils/beacon';
import { groupDigits } from '../../../utils/format';

const COMMAND = 'npm run draw -- verify record.json';
/** A record drawn on a local cloud's test chain verifies only when the tool is told to accept one. */
const TEST_CHAIN_COMMAND = `${COMMAND} --allow-test-chain`;

const TEXT = {
  title: '摇号验证',
  loading: '正在加载摇号记录',
  empty: '活动不存在或尚未发布',
  failed: '摇号记录加载失败',
  howTitle: '为什么结果无法被操纵',
  how: [
    '活动开放时，系统生成一个保密的随机数（密钥），只公布它的 SHA-256 摘要，即“承诺值”。摘要不能反推出密钥，而密钥一经承诺便无法更换。',
    '活动开放时同时锁定公开随机数的来源：申领截止 10 分钟后才产生的 drand 随机信标某一轮（或截止日之后开奖的某期彩票号码），之后不能更换，摇号只接受这一来源的数值。申领截止时锁定全部申领名单并公布名单摘要。',
    '摇号种子由密钥、名单摘要和公开随机数共同算出：管理员事先不知道公开随机数，公众事先不知道密钥，任何一方都无法单独左右结果。',
    '结果公布时公开密钥和完整摇号记录，任何人都可以核对密钥与承诺值一致，并重新计算出每一位中签者。',
  ],
  valuesTitle: '公开的数据',
  pending: '待公布',
  copy: '复制',
  copied: '已复制',
  steps: {
    commitment: { label: '承诺值', when: '活动开放时公布；SHA-256(密钥) 应等于此值' },
    snapshot: { label: '申领名单摘要', when: '申领截止时公布' },
    beacon: { label: '公开随机数', when: '来自活动开放时锁定的来源，截止后才产生' },
    secret: { label: '密钥', when: '结果公布后公开' },
    seed: { label: '摇号种子', when: 'SHA-256("draw-v1|活动编号|密钥|名单摘要|公开随机数")' },
    digest: { label: '结果摘要', when: '全部面值的中签和候补顺序的摘要' },
  },
  snapshotCount: '共 {n} 份申领',
  campaignId: '活动编号',
  recomputeTitle: '自己动手复算',
  recompute: [
    '复制下方摇号记录的下载链接，在电脑浏览器中打开并保存为 record.json（链接有效期有限，过期后重新打开本页获取）。',
    '在本项目公开的程序目录中运行下面的命令。',
    '程序会核对密钥与承诺值、公开随机数是否来自锁定的来源（drand 随机信标离线核验签名；彩票号码请对照官方开奖公告），并重新计算名单摘要、摇号种子、每个面值的中签和候补顺序以及结果摘要；全部一致时显示通过，否则指出第一处不一致。',
  ],
  copyLink: '复制记录下载链接',
  copyCommand: '复制命令',
  linkCopied: '链接已复制',
  commandCopied: '命令已复制',
  recordMissing: '完整摇号记录暂时无法获取，请稍后再打开本页。',
  notPublished: '摇号结果公布后，这里将公开密钥、公开随机数、摇号种子和完整记录的下载链接。',
  sourceTitle: '公开随机数来源（活动开放时锁定）',
  noSource: '活动开放时锁定',
  copyLookup: '复制查询链接',
  lookupCopied: '查询链接已复制',
};

type StepKey = keyof typeof TEXT.steps;

interface Step {
  key: StepKey;
  label: string;
  when: string;
  value: string;
  extra: string;
}

function stepsOf(
  campaign: CampaignView,
  record: { secret: string; beacon: string; seed: string; resultDigest: string; entryCount: number } | null,
): Step[] {
  const values: Record<StepKey, string> = {
    commitment: campaign.commitment ?? '',
    snapshot: campaign.snapshotHash ?? '',
    beacon: record?.beacon ?? campaign.beacon ?? '',
    secret: record?.secret ?? '',
    seed: record?.seed ?? campaign.seed ?? '',
    digest: record?.resultDigest ?? campaign.resultDigest ?? '',
  };
  const count = record?.entryCount ?? campaign.snapshotCount;
  return (Object.keys(TEXT.steps) as StepKey[]).map((key) => ({
    key,
    label: TEXT.steps[key].label,
    when: TEXT.steps[key].when,
    value: values[key],
    extra:
      key === 'snapshot' && values.snapshot && count !== null
        ? TEXT.snapshotCount.replace('{n}', groupDigits(count))
        : '',
  }));
}

/** The published record; null when the server has none to give (the campaign's own values still show). */
async function recordOf(campaignId: string) {
  try {
    return await call('voucher', 'drawRecord', { campaignId });
  } catch (error) {
    if (error instanceof ApiError && (error.code === 'NOT_FOUND' || error.code === 'CAMPAIGN_STATE')) return null;
    throw error;
  }
}

/**
 * How the draw of one campaign can be checked: each public value as it became known, the beacon
 * source pinned at open (and, once published, where to look its value up), an explanation of
 * commit–reveal, and how to recompute the draw from the published record.
 */
definePage({
  data: {
    text: TEXT,
    command: COMMAND,
    state: 'loading' as ViewState,
    campaignId: '',
    title: '',
    beacon: null as BeaconDisplay | null,
    published: false,
    steps: [] as Step[],
    recordUrl: '',
    recordMissing: false,
  },
  onLoad(query: Record<string, string | undefined>) {
    this.setData({ campaignId: query.campaignId ?? '' });
    this.load();
  },
  async load() {
    const campaignId = this.data.campaignId;
    const loaded = await this.runLoad(
      async () => {
        if (!campaignId) return null;
        try {
          const { campaign } = await call('voucher', 'getCampaign', { campaignId });
          // The record (with the secret) exists only once the results are published.
          const record = campaign.status === 'published' ? await recordOf(campaignId) : null;
          return { campaign, record };
        } catch (error) {
          if (error instanceof ApiError && error.code === 'NOT_FOUND') return null;
          throw error;
        }
      },
      (d) => d === null,
    );
    if (!loaded) return;
    const { campaign, record } = loaded;
    const beacon = campaign.beaconSource ? describeBeacon(campaign.beaconSource) : null;
    this.setData({
      title: campaign.title,
      beacon,
      command: beacon?.test ? TEST_CHAIN_COMMAND : COMMAND,
      published: !!record,
      recordMissing: campaign.status === 'published' && !record,
      steps: stepsOf(campaign, record),
      recordUrl: record?.recordUrl ?? '',
    });
  },
  copy(data: string, title: string) {
    wx.setClipboardData({
      data,
      success: () => wx.showToast({ title, icon: 'none' }),
      fail: (error) => toastError(error),
    });
  },
  onCopyValue(e: WechatMiniprogram.BaseEvent) {
    const value = String(e.currentTarget.dataset.value ?? '');
    if (value) this.copy(value, TEXT.copied);
  },
  onCopyLink() {
    if (this.data.recordUrl) this.copy(this.data.recordUrl, TEXT.linkCopied);
  },
  onCopyCommand() {
    this.copy(this.data.command, TEXT.commandCopied);
  },
  onCopyLookup() {
    const url = this.data.beacon?.lookupUrl;
    if (url) this.copy(url, TEXT.lookupCopied);
  },
});
