/** The testing services a voucher can offset (miniprogram/shared/services.ts). */
import { serviceTypeSchema } from '../../../cloudfunctions/src/contract/voucher';
import { SERVICE_TYPE_CODES, SERVICE_TYPES, serviceLabel } from '../../../miniprogram/shared/services';

test('the eight services of the announcement, in its order, with their labels', () => {
  const listed = SERVICE_TYPE_CODES.map((code) => `${code}=${SERVICE_TYPES[code]}`).join('; ');
  expect(listed).toBe(
    'ccc=CCC 认证检验; voluntary_cert=自愿性认证检验; energy_saving=节能检测; energy_label=能效标识检测; ' +
      'foreign_cert=国外认证检测; commissioned=委托检测; training=检验检测技术培训课程; quality_service=其他质量技术服务',
  );
  expect(SERVICE_TYPE_CODES).toEqual(Object.keys(SERVICE_TYPES));
});

test('labels a code, and shows an unknown one as it is', () => {
  expect(serviceLabel('energy_label')).toBe('能效标识检测');
  expect(serviceLabel('new_service')).toBe('new_service');
});

test('the server takes exactly these codes', () => {
  for (const code of SERVICE_TYPE_CODES) expect(serviceTypeSchema.safeParse(code).success).toBe(true);
  expect(serviceTypeSchema.safeParse('new_service').error?.issues[0].message).toBe('服务类型不在检测券可抵扣范围内');
});
