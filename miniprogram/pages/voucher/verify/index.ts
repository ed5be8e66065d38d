import type { CampaignView } from '../../../../typings/api';
import { definePage, type ViewState } from '../../../definitions/index';
import { ApiError, call, toastError } from '../../../services/api';
import { describeBeacon, type BeaconDisplay } from '../../../utils/beacon';
import { groupDigits } from '../../../utils/format';
import { openPage, withQuery } from '../../../utils/nav';
import { VOUCHER_PAGES } from '../../../utils/voucher';

const COMMAND = 'npm run draw -- verify record.json';
/** A record drawn on a local cloud's test chain verifies only when the tool is told to accept one. */
const TEST_CHAIN_COMMAND = `${COMMAND} --allow-test-chain`;

const TEXT = {
  title: '摇号验证',
  loading: '正在加载摇号记录',
  empty: '活动不存在或尚未发布',
  failed: '摇号记录加载失败',
  lead: '这次摇号的每一步都可以公开核对。下面用三段话说明：截止前固定了什么、摇号时算了什么、为什么谁都无法操纵结果。',
  fixedTitle: '一、申领截止前就已固定的',
  fixed: {
    secret:
      '活动开放时，系统生成一个保密的随机密钥，只公布它的“指纹”（承诺值）。从指纹推不出密钥，但密钥一旦被换掉，指纹就对不上了。',
    beacon: '活动开放时还锁定了摇号要用的公开随机数：{source}。它在申领截止之后才产生，锁定后不能更换。',
    beaconUnknown: '活动开放时还锁定了摇号要用的公开随机数的来源，它在申领截止之后才产生，锁定后不能更换。',
    snapshot:
      '申领截止时，全部申领名单被封存，并公布名单的“指纹”（申领名单摘要）。之后增加、删除或修改任何一份申领，指纹都会改变。',
    snapshotCount:
      '申领截止时，全部 {n} 份申领被封存，并公布名单的“指纹”（申领名单摘要）。之后增加、删除或修改任何一份申领，指纹都会改变。',
  },
  drawnTitle: '二、摇号时算出的',
  drawn: [
    '公开随机数：锁定的来源在截止后产生的数值。',
    '摇号种子：把活动编号、密钥、名单摘要和公开随机数连在一起，计算 SHA-256 得到。',
    '签号：每份申领在所申领的每个面值各有一个签号，由摇号种子和“面值编号|申领编号”计算 HMAC-SHA256 得到，是一串 64 位的十六进制数。',
    '排名：同一面值的申领按签号从小到大排队，排在前面的依次中签，其余按顺序候补；每个申领人中签总额不超过封顶金额，会超过的跳过。',
  ],
  whyTitle: '三、为什么谁都无法操纵结果（包括管理员）',
  why: [
    '密钥在开放时就被承诺值锁住，事后换不了；公开随机数在截止后才产生，管理员事先不知道，也不能挑选，摇号只接受锁定的那一个。',
    '名单在截止时封存并公布了摘要，事后加人、删人或改动都会被发现。',
    '签号由种子算出，种子又同时取决于密钥、名单和公开随机数：在截止前谁都算不出任何人的签号，截止后也没有任何一项还能改动。',
    '结果公布时，密钥和完整摇号记录一起公开，任何人都能重新算出每一个签号和中签名单，与公布的结果逐一对照。',
  ],
  mineHint: '想看自己的签号和排名，并亲手核对签号？',
  mineLink: '查看摇号结果和我的签号',
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
  recomputeTitle: '给专业人士：用程序复算全部结果',
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

/** The three things fixed before the close, in words, with this campaign's source and count where known. */
function fixedLines(campaign: CampaignView, beacon: BeaconDisplay | null): string[] {
  const f = TEXT.fixed;
  return [
    f.secret,
    beacon ? f.beacon.replace('{source}', beacon.title) : f.beaconUnknown,
    campaign.snapshotCount !== null ? f.snapshotCount.replace('{n}', groupDigits(campaign.snapshotCount)) : f.snapshot,
  ];
}

/**
 * How the draw of one campaign can be checked, for the public first: what was fixed before the close,
 * what was drawn (beacon → seed → tickets → ranks) and why nobody could steer it; then each public value,
 * the beacon source pinned at open (and where to look its value up), and, for experts, the CLI that
 * recomputes the whole draw from the published record.
 */
definePage({
  data: {
    text: TEXT,
    command: COMMAND,
    state: 'loading' as ViewState,
    campaignId: '',
    title: '',
    beacon: null as BeaconDisplay | null,
    fixed: [] as string[],
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
      fixed: fixedLines(campaign, beacon),
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
  onResults() {
    openPage(withQuery(VOUCHER_PAGES.results, { campaignId: this.data.campaignId }));
  },
  onCopyLookup() {
    const url = this.data.beacon?.lookupUrl;
    if (url) this.copy(url, TEXT.lookupCopied);
  },
});
