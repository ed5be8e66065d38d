/**
 * The testing services a voucher can offset (from the campaign announcement). Codes are stored; labels
 * are shown by the pages and named in the cloud functions' messages (contract/voucher.ts builds its
 * schema from the codes).
 */

export const SERVICE_TYPES = {
  ccc: 'CCC 认证检验',
  voluntary_cert: '自愿性认证检验',
  energy_saving: '节能检测',
  energy_label: '能效标识检测',
  foreign_cert: '国外认证检测',
  commissioned: '委托检测',
  training: '检验检测技术培训课程',
  quality_service: '其他质量技术服务',
} as const;
export type ServiceType = keyof typeof SERVICE_TYPES;
export const SERVICE_TYPE_CODES = Object.keys(SERVICE_TYPES) as [ServiceType, ...ServiceType[]];

/** The label of a service code; an unknown code (from a newer server) shows as it is. */
export function serviceLabel(code: string): string {
  return (SERVICE_TYPES as Record<string, string>)[code] ?? code;
}
