/**
 * Demo data: twelve provincial "product hospitals" (产品医院). The campaign announcement says the
 * regulator designated twelve; these names and specialties are illustrative for the local cloud.
 */
export const DEMO_HOSPITALS = [
  { hospitalId: 'gd-cable', name: '广东省电线电缆产品医院', city: '广州市', specialties: ['电线电缆'] },
  { hospitalId: 'gd-appliance', name: '广东省家用电器产品医院', city: '佛山市', specialties: ['家用电器', '电热水器'] },
  { hospitalId: 'gd-lighting', name: '广东省灯具照明产品医院', city: '中山市', specialties: ['灯具', 'LED 照明'] },
  { hospitalId: 'gd-toys', name: '广东省儿童用品产品医院', city: '汕头市', specialties: ['儿童玩具', '童车'] },
  { hospitalId: 'gd-textile', name: '广东省纺织服装产品医院', city: '东莞市', specialties: ['服装', '童鞋'] },
  { hospitalId: 'gd-ebike', name: '广东省电动自行车产品医院', city: '江门市', specialties: ['电动自行车', '锂电池'] },
  {
    hospitalId: 'gd-building',
    name: '广东省建筑材料产品医院',
    city: '广州市',
    specialties: ['建筑用钢筋', '水泥', '陶瓷'],
  },
  {
    hospitalId: 'gd-food-contact',
    name: '广东省食品相关产品医院',
    city: '揭阳市',
    specialties: ['食品相关产品', '不锈钢制品'],
  },
  { hospitalId: 'gd-furniture', name: '广东省家具产品医院', city: '佛山市', specialties: ['家具', '床垫'] },
  { hospitalId: 'gd-electronics', name: '广东省电子信息产品医院', city: '深圳市', specialties: ['电子产品', '充电器'] },
  { hospitalId: 'gd-chemicals', name: '广东省日用化工产品医院', city: '广州市', specialties: ['化肥', '涂料', '纸巾'] },
  { hospitalId: 'gd-safety', name: '广东省安全防护产品医院', city: '珠海市', specialties: ['安全帽', '消防产品'] },
].map((h, i) => ({
  ...h,
  address: `${h.city}（演示地址 ${i + 1} 号）`,
  phone: `020-8000${String(i + 1).padStart(4, '0')}`,
  active: true,
}));
