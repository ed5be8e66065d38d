/**
 * How a campaign's pinned beacon source reads on screen (campaign and verify pages): what it is, when
 * its value appears, and, once the draw is published, where anyone can look the value up.
 */
import type { BeaconSourceView } from '../../typings/api';
import { formatChineseDate, formatDateTime } from './time';

export const DRAND_RELAY = 'https://api.drand.sh';

const DRAND_CHAIN_LABELS: Record<string, string> = {
  quicknet: 'quicknet 网络',
  default: 'default 网络',
};

/** Official draw announcements by lottery (matched on the issue's name). */
const LOTTERY_SITES: Array<{ pattern: RegExp; site: string }> = [
  { pattern: /福彩|双色球|快乐8|七乐彩/, site: '中国福利彩票官网（www.cwl.gov.cn）' },
  { pattern: /体彩|大乐透|排列[三3五5]|七星彩/, site: '中国体育彩票官网（www.lottery.gov.cn）' },
];

export interface BeaconDisplay {
  /** What was pinned: "drand 随机信标（quicknet 网络）第 1234 轮" or "福彩3D 第2026335期开奖号码". */
  title: string;
  /** When its value appears, and why nobody knows it in advance. */
  detail: string;
  /** The value once published (drand randomness, or the drawn numbers), else ''. */
  value: string;
  /** Where to check the value: a URL to copy (drand), or the lottery's official site by name. */
  lookupLabel: string;
  lookupUrl: string;
  /** A local cloud's test chain: records verify only with --allow-test-chain. */
  test: boolean;
}

export function describeBeacon(source: BeaconSourceView): BeaconDisplay {
  if (source.type === 'announced') {
    const site = LOTTERY_SITES.find((l) => l.pattern.test(source.issue))?.site ?? '该彩票的官方开奖公告';
    return {
      title: `${source.issue}开奖号码`,
      detail: `该期于 ${formatChineseDate(source.drawDate)}开奖，晚于申领截止日期，活动开放时已锁定，之后不能更换。`,
      value: source.numbers ?? '',
      lookupLabel: source.numbers ? `在${site}查询该期开奖号码` : '',
      lookupUrl: '',
      test: false,
    };
  }
  const round = `第 ${source.round} 轮`;
  if (source.test) {
    return {
      title: `本地测试随机信标 ${round}`,
      detail: `该轮于 ${formatDateTime(source.roundTime)} 产生（仅用于开发测试，不是公开的 drand 网络）。`,
      value: source.randomness ?? '',
      lookupLabel: '',
      lookupUrl: '',
      test: true,
    };
  }
  return {
    title: `drand 随机信标（${DRAND_CHAIN_LABELS[source.chain] ?? source.chain}）${round}`,
    detail:
      `该轮于 ${formatDateTime(source.roundTime)} 产生，晚于申领截止 10 分钟以上；` +
      '它由全球多家机构联合签名生成，任何人都无法提前知道，活动开放时已锁定，之后不能更换。',
    value: source.randomness ?? '',
    lookupLabel: source.randomness ? '在 drand 公开接口查询该轮随机数' : '',
    lookupUrl: source.randomness ? `${DRAND_RELAY}/${source.chainHash}/public/${source.round}` : '',
    test: false,
  };
}
