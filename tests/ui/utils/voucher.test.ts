import {
  applicationOutcome,
  monthToDate,
  parseFee,
  poolLabel,
  poolLabels,
  voucherStatus,
} from '../../../miniprogram/utils/voucher';
import { campaign } from '../helpers/fixtures';
import { application } from '../helpers/voucher';

const pools = campaign().pools;

describe('voucher display helpers', () => {
  it('name the outcome of an application', () => {
    expect(applicationOutcome(application(), pools)).toEqual({ label: '已提交', tag: 'tag_info', details: [] });
    expect(
      applicationOutcome(
        application({
          status: 'won',
          wonPoolIds: ['G2000'],
          waitlist: [{ poolId: 'G5000', rank: 12 }],
        }),
        pools,
      ),
    ).toEqual({ label: '中签', tag: 'tag_brand', details: ['中签：2,000 元券', '候补：5,000 元券 第 12 位'] });
    expect(
      applicationOutcome(
        application({
          status: 'waitlisted',
          waitlist: [
            { poolId: 'G5000', rank: 40 },
            { poolId: 'G2000', rank: 3 },
          ],
        }),
        pools,
      ).label,
    ).toBe('候补第3位');
    expect(applicationOutcome(application({ status: 'lost' }), pools).label).toBe('未中签');
    expect(poolLabel({ faceValue: 1000, label: '电线电缆专用券' })).toBe('电线电缆专用券');
    // The server sorts ids as strings; labels follow the campaign's order, unknown ids last.
    expect(poolLabels(['G1000', 'G2000', 'G500', 'G5000', 'X1'], pools)).toEqual([
      '5,000 元券',
      '2,000 元券',
      '1,000 元券',
      '500 元券',
      'X1',
    ]);
  });

  it('read an issued voucher past its last day (Beijing time) as expired', () => {
    const lastDayEvening = Date.parse('2027-01-31T15:59:00Z'); // 23:59 in Beijing
    const nextMorning = Date.parse('2027-01-31T16:01:00Z');
    expect(voucherStatus({ status: 'issued', validUntil: '2027-01-31' }, lastDayEvening)).toMatchObject({
      label: '可使用',
      usable: true,
    });
    expect(voucherStatus({ status: 'issued', validUntil: '2027-01-31' }, nextMorning)).toMatchObject({
      label: '已过期',
      usable: false,
    });
    expect(voucherStatus({ status: 'redeemed', validUntil: '2027-01-31' }, lastDayEvening).label).toBe('已核销');
  });

  it('parse fees as staff type them', () => {
    expect(parseFee('3000')).toEqual({ fee: 3000, error: '' });
    expect(parseFee(' 1234.5 ')).toEqual({ fee: 1234.5, error: '' });
    expect(parseFee('12.345').fee).toBeNull();
    expect(parseFee('0').error).toBe('费用必须大于 0');
    expect(parseFee('').error).toBe('请输入本次服务费用');
    expect(parseFee('-5').fee).toBeNull();
    expect(parseFee('10000000.01').error).toBe('费用超出范围');
  });

  it('give this month so far in Beijing time', () => {
    expect(monthToDate(Date.parse('2026-07-31T16:30:00Z'))).toEqual({ from: '2026-08-01', to: '2026-08-01' });
    expect(monthToDate(Date.parse('2026-07-15T03:00:00Z'))).toEqual({ from: '2026-07-01', to: '2026-07-15' });
  });
});
