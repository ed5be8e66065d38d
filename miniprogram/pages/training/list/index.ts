import type { ActionOutput, ActionInput } from '../../../../typings/api';
import { defineListPage, type PagedSource } from '../../../definitions/index';
import { call } from '../../../services/api';
import { GUANGDONG_CITY_NAMES } from '../../../shared/cities';
import { TRAINING_FORMATS, type TrainingFormat } from '../../../shared/training';
import { PAGES, openPage, withQuery } from '../../../utils/nav';
import { sessionCard, type SessionCard } from '../../../utils/training';

const TEXT = {
  title: '质量培训',
  intro: '面向中小微企业的免费质量培训：现场培训和线上直播。企业可为员工报名，个人可为自己报名。',
  allFormats: '全部',
  allCities: '全部城市',
  upcoming: '只看未结束',
  all: '含已结束',
  loading: '正在加载培训',
  empty: '暂无符合条件的培训',
  failed: '培训加载失败',
  mine: '我的培训',
  verify: '证书查验',
  cityLabel: '按城市筛选',
  more: '加载更多',
  loadingMore: '正在加载…',
  end: '没有更多了',
};

const FORMAT_TABS: { key: TrainingFormat | ''; label: string }[] = [
  { key: '', label: TEXT.allFormats },
  ...(Object.keys(TRAINING_FORMATS) as TrainingFormat[]).map((key) => ({ key, label: TRAINING_FORMATS[key] })),
];
const CITIES = [TEXT.allCities, ...GUANGDONG_CITY_NAMES];

/** Training sessions anyone can browse: by format and city, upcoming only by default. */
defineListPage(
  {
    data: {
      text: TEXT,
      tabs: FORMAT_TABS,
      cities: CITIES,
      format: '' as TrainingFormat | '',
      cityIndex: 0,
      upcoming: true,
      items: [] as SessionCard[],
    },
    list(): PagedSource<ActionOutput<'training', 'listSessions'>, SessionCard> {
      const { format, cityIndex, upcoming } = this.data;
      const input: ActionInput<'training', 'listSessions'> = { upcoming };
      if (format) input.format = format;
      if (cityIndex > 0) input.city = CITIES[cityIndex];
      return {
        fetch: (page) => call('training', 'listSessions', { ...input, page }),
        toItems: (result) => result.items.map(sessionCard),
        key: (item) => item.sessionId,
        stale: () =>
          this.data.format !== format || this.data.cityIndex !== cityIndex || this.data.upcoming !== upcoming,
      };
    },
    onTab(e: WechatMiniprogram.BaseEvent) {
      this.setData({ format: String(e.currentTarget.dataset.key ?? '') as TrainingFormat | '', items: [] });
      this.load();
    },
    onCity(e: WechatMiniprogram.PickerChange) {
      this.setData({ cityIndex: Number(e.detail.value), items: [] });
      this.load();
    },
    onUpcoming() {
      this.setData({ upcoming: !this.data.upcoming, items: [] });
      this.load();
    },
    onOpen(e: WechatMiniprogram.BaseEvent) {
      openPage(withQuery(PAGES.trainingSession, { sessionId: String(e.currentTarget.dataset.id) }));
    },
    onMine() {
      openPage(PAGES.mySignups);
    },
    onVerify() {
      openPage(PAGES.trainingVerify);
    },
  },
  { refreshOnShow: true },
);
