import fc from 'fast-check';
import {
  KEYWORD_LIMITS,
  MAX_ATTEMPTS,
  OUTBOX_TEMPLATES,
  TEMPLATE_ENV,
  chineseDate,
  keywordType,
  keywordValue,
  mapOutboxMessage,
  nextState,
  templateIdsFrom,
  truncate,
} from '../../cloudfunctions/src/core/notifications';

const IDS = { voucherExpiry: 'tpl-v', cableScreeningStatus: 'tpl-c' } as const;

describe('subscribe-message mapper', () => {
  test('truncate keeps short text and cuts long text to the limit with an ellipsis', () => {
    expect(truncate('检测券', 5)).toBe('检测券');
    expect(truncate('已受理并开始筛查', 5)).toBe('已受理并…');
    expect(truncate('a😀b😀c😀', 4)).toBe('a😀b…'); // code points, not UTF-16 units
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.integer({ min: 1, max: 40 }), (text, max) => {
        const out = truncate(text, max);
        expect(Array.from(out).length).toBeLessThanOrEqual(max);
        if (Array.from(text).length <= max) expect(out).toBe(text);
        else expect(out.endsWith('…')).toBe(true);
      }),
    );
  });

  test('keyword values follow their type: thing ≤ 20, phrase ≤ 5, empty becomes a dash', () => {
    expect(keywordType('thing12')).toBe('thing');
    expect(keywordType('character_string1')).toBe('character_string');
    expect(Array.from(keywordValue('thing1', '长'.repeat(30)).value)).toHaveLength(KEYWORD_LIMITS.thing);
    expect(keywordValue('phrase3', '已完成筛查').value).toBe('已完成筛查');
    expect(keywordValue('phrase3', '已完成筛查了').value).toBe('已完成筛…');
    expect(keywordValue('thing2', '  ').value).toBe('—');
    expect(keywordValue('thing2', null).value).toBe('—');
    expect(keywordValue('time5', '2026-11-21 09:30').value).toBe('2026-11-21 09:30');
    expect(keywordValue('amount2', 5000).value).toBe('5000');
    expect(chineseDate('2027-01-05')).toBe('2027年1月5日');
    expect(chineseDate('明年')).toBe('明年');
  });

  test('every template the functions queue is mapped, with its id from the environment', () => {
    const env = Object.fromEntries(OUTBOX_TEMPLATES.map((t) => [TEMPLATE_ENV[t], `id-${t}`]));
    const ids = templateIdsFrom(env);
    for (const template of OUTBOX_TEMPLATES) {
      const res = mapOutboxMessage({ template, page: 'pages/x/index?id=1', data: {} }, ids);
      if (!res.ok) throw new Error(res.reason);
      expect(res.message.templateId).toBe(`id-${template}`);
      expect(res.message.page).toBe('pages/x/index?id=1');
      expect(Object.keys(res.message.data).length).toBeGreaterThan(0);
      for (const [key, { value }] of Object.entries(res.message.data)) {
        expect(key).toMatch(/^[a-z_]+\d+$/);
        expect(value).not.toBe('');
      }
    }
  });

  test('voucherExpiry and cableScreeningStatus keyword layouts', () => {
    const voucher = mapOutboxMessage(
      { template: 'voucherExpiry', page: 'p', data: { title: '检测券', faceValue: 2000, validUntil: '2027-12-31' } },
      IDS,
    );
    expect(voucher.ok && voucher.message.data).toEqual({
      thing1: { value: '检测券' },
      amount2: { value: '2000元' },
      date3: { value: '2027年12月31日' },
      thing4: { value: '检测券即将到期，请尽快预约检测' },
    });
    const cable = mapOutboxMessage(
      {
        template: 'cableScreeningStatus',
        page: 'p',
        data: {
          requestNo: 'CS20261121-0001',
          cable: 'BV 2.5mm² 单芯 粤星 东莞市粤星电线电缆有限公司',
          status: '已完成',
          verdict: '不合格',
          hospital: '广东省电线电缆产品医院',
          note: '导体电阻超标，建议停止使用并联系销售方',
          time: '2026-11-21 10:00',
        },
      },
      IDS,
    );
    if (!cable.ok) throw new Error(cable.reason);
    expect(cable.message.data.character_string1.value).toBe('CS20261121-0001');
    expect(Array.from(cable.message.data.thing2.value)).toHaveLength(20);
    expect(cable.message.data.thing2.value.endsWith('…')).toBe(true);
    expect(cable.message.data.phrase3.value).toBe('已完成');
    expect(cable.message.data.thing6.value).toBe('不合格：导体电阻超标，建议停止使用并联…');
    const noVerdict = mapOutboxMessage(
      { template: 'cableScreeningStatus', data: { status: '已受理', verdict: '', note: '' } },
      IDS,
    );
    expect(noVerdict.ok && noVerdict.message.data.thing6.value).toBe('—');
  });

  test('unknown templates and missing template ids are reported, not sent', () => {
    expect(mapOutboxMessage({ template: 'nope', data: {} }, IDS)).toEqual({
      ok: false,
      reason: 'unknown template: nope',
    });
    const res = mapOutboxMessage({ template: 'voucherExpiry', data: {} }, templateIdsFrom({}));
    expect(res.ok).toBe(false);
    expect(!res.ok && res.reason).toMatch(/YPT_TEMPLATE_VOUCHER_EXPIRY/);
  });

  test('retry policy: sent and skipped are final, errors retry until the 5th attempt', () => {
    expect(nextState({ status: 'sent' }, 0)).toEqual({ status: 'sent', attempts: 1 });
    expect(nextState({ status: 'skipped', reason: 'x' }, 2)).toEqual({ status: 'skipped', attempts: 3 });
    for (let before = 0; before < MAX_ATTEMPTS - 1; before++) {
      expect(nextState({ status: 'error', error: 'e' }, before)).toEqual({ status: 'pending', attempts: before + 1 });
    }
    expect(nextState({ status: 'error', error: 'e' }, MAX_ATTEMPTS - 1)).toEqual({
      status: 'failed',
      attempts: MAX_ATTEMPTS,
    });
  });
});
