import type { HospitalView } from '../../../../typings/api';
import { definePage, type ViewState } from '../../../definitions/index';
import { call } from '../../../services/api';

const TEXT = {
  title: '省级“产品医院”',
  intro: '检测券可在以下产品医院抵扣等值的检测和质量技术服务费用。请先电话联系确认检测项目。',
  loading: '正在加载产品医院',
  empty: '暂无可用的产品医院',
  failed: '产品医院加载失败',
  city: '所在城市：',
  address: '地址：',
  specialties: '擅长：',
  call: '拨打电话',
  allCities: '全部',
};

interface HospitalItem extends HospitalView {
  specialtiesText: string;
}

definePage({
  data: {
    text: TEXT,
    state: 'loading' as ViewState,
    all: [] as HospitalItem[],
    items: [] as HospitalItem[],
    cities: [] as string[],
    city: '',
  },
  onLoad() {
    this.load();
  },
  async onPullDownRefresh() {
    await this.load();
    wx.stopPullDownRefresh();
  },
  async load() {
    const hospitals = await this.runLoad(
      () => call('voucher', 'listHospitals', {}),
      (list) => list.length === 0,
    );
    if (!hospitals) return;
    const all = hospitals.map((h) => ({ ...h, specialtiesText: h.specialties.join('、') }));
    const cities = [...new Set(all.map((h) => h.city))];
    this.setData({ all, cities, city: '', items: all });
  },
  /** Filters by city; tapping the selected city (or 全部) shows all again. */
  onCity(e: WechatMiniprogram.BaseEvent) {
    const picked = String(e.currentTarget.dataset.city ?? '');
    const city = picked === this.data.city ? '' : picked;
    this.setData({ city, items: city ? this.data.all.filter((h) => h.city === city) : this.data.all });
  },
  onCall(e: WechatMiniprogram.BaseEvent) {
    const phoneNumber = String(e.currentTarget.dataset.phone ?? '');
    if (phoneNumber) wx.makePhoneCall({ phoneNumber });
  },
});
