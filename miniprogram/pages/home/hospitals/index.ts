import type { HospitalView } from '../../../../typings/api';
import { definePage, type ViewState } from '../../../definitions/index';
import { call } from '../../../services/api';
import { distanceKm, formatDistance, hasCoordinates, type LatLng } from '../../../shared/geo';

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
  map: '查看位置',
  allCities: '全部',
  nearest: '按离我最近排序',
  locating: '正在获取位置…',
  sortedByDistance: '已按离你的距离由近到远排序',
  distance: '距你{d}',
  denied: '未获得位置授权，仍按默认顺序显示。如需按距离排序，请点“去设置”，在“位置信息”中选择“使用小程序时”。',
  openSetting: '去设置',
  locationFailed: '暂时无法获取你的位置，仍按默认顺序显示。请确认手机的定位服务已开启后重试。',
};

interface HospitalItem extends HospitalView {
  specialtiesText: string;
  /** Default (server) order, restored when the location is unknown. */
  order: number;
  distanceKm: number | null;
  distanceText: string;
  mappable: boolean;
}

type LocationState = 'idle' | 'locating' | 'sorted' | 'denied' | 'failed';

/** WeChat's refusals: the user said no now or earlier ("auth deny", "auth denied"), or privacy disagreed. */
const isRefusal = (errMsg: string) => /auth den|authorize|privacy/i.test(errMsg);

function withDistances(items: HospitalItem[], here: LatLng | null): HospitalItem[] {
  const measured = items.map((h) => {
    const km = here && hasCoordinates(h) ? distanceKm(here, h) : null;
    return { ...h, distanceKm: km, distanceText: km === null ? '' : TEXT.distance.replace('{d}', formatDistance(km)) };
  });
  // Hospitals without coordinates keep their default order after the measured ones.
  return measured.sort((a, b) =>
    a.distanceKm === null || b.distanceKm === null
      ? Number(a.distanceKm === null) - Number(b.distanceKm === null) || a.order - b.order
      : a.distanceKm - b.distanceKm || a.order - b.order,
  );
}

/**
 * The product hospitals: address (opens WeChat's map), phone (calls), filter by city, and nearest
 * first once the user lets the page use their location (asked only when they tap 按离我最近排序;
 * sorted at once on later visits when WeChat already has the permission).
 */
definePage({
  data: {
    text: TEXT,
    state: 'loading' as ViewState,
    all: [] as HospitalItem[],
    items: [] as HospitalItem[],
    cities: [] as string[],
    city: '',
    location: 'idle' as LocationState,
    canLocate: false,
  },
  here: null as LatLng | null,
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
    const base = hospitals.map((h, order) => ({
      ...h,
      specialtiesText: h.specialties.join('、'),
      order,
      distanceKm: null,
      distanceText: '',
      mappable: hasCoordinates(h),
    }));
    const all = withDistances(base, this.here);
    const cities = [...new Set(base.map((h) => h.city))];
    this.setData({ all, cities, city: '', items: all, canLocate: base.some((h) => h.mappable) });
    if (!this.here) this.locateIfAllowed();
  },
  /** Already allowed (an earlier visit): sort without asking again. Never asks by itself. */
  locateIfAllowed() {
    if (!this.data.canLocate) return;
    wx.getSetting({
      success: (res) => {
        if (res.authSetting['scope.userLocation'] === true) this.locate();
      },
    });
  },
  onNearest() {
    this.locate();
  },
  locate() {
    if (this.data.location === 'locating') return;
    this.setData({ location: 'locating' });
    wx.getLocation({
      type: 'gcj02',
      success: (res) => {
        this.here = { latitude: res.latitude, longitude: res.longitude };
        const all = withDistances(this.data.all, this.here);
        this.setData({ all, location: 'sorted' });
        this.applyCity(this.data.city);
      },
      fail: (error) => {
        this.setData({ location: isRefusal(error?.errMsg ?? '') ? 'denied' : 'failed' });
      },
    });
  },
  onOpenSetting() {
    wx.openSetting({
      success: (res) => {
        if (res.authSetting['scope.userLocation']) this.locate();
      },
    });
  },
  applyCity(city: string) {
    this.setData({ city, items: city ? this.data.all.filter((h) => h.city === city) : this.data.all });
  },
  /** Filters by city; tapping the selected city (or 全部) shows all again. */
  onCity(e: WechatMiniprogram.BaseEvent) {
    const picked = String(e.currentTarget.dataset.city ?? '');
    this.applyCity(picked === this.data.city ? '' : picked);
  },
  onCall(e: WechatMiniprogram.BaseEvent) {
    const phoneNumber = String(e.currentTarget.dataset.phone ?? '');
    if (phoneNumber) wx.makePhoneCall({ phoneNumber, fail: () => undefined });
  },
  onMap(e: WechatMiniprogram.BaseEvent) {
    const id = String(e.currentTarget.dataset.id ?? '');
    const hospital = this.data.all.find((h) => h.hospitalId === id);
    if (!hospital || !hasCoordinates(hospital)) return;
    wx.openLocation({
      latitude: hospital.latitude,
      longitude: hospital.longitude,
      name: hospital.name,
      address: hospital.address,
      scale: 16,
      fail: () => undefined,
    });
  },
});
