import { buildNameIndex, matchByName } from '../../../cloudfunctions/src/core/redlist/names';
import { foldWidth, normalizeName } from '../../../cloudfunctions/src/core/redlist/normalize';

describe('normalizeName', () => {
  it('folds full-width forms and bracket styles', () => {
    expect(foldWidth('ＡＢＣ１２３（广州）')).toBe('ABC123(广州)');
    expect(normalizeName('美华电器（中山）有限公司')).toBe(normalizeName('美华电器(中山)有限公司'));
    expect(normalizeName('美华电器【中山】有限公司')).toBe('美华电器(中山)有限公司');
    expect(normalizeName('美华电器〔中山〕有限公司')).toBe('美华电器(中山)有限公司');
  });

  it('removes every kind of space', () => {
    expect(normalizeName(' 佛山市\u3000顺德区 美华电器\u00a0有限公司\u200b ')).toBe('佛山市顺德区美华电器有限公司');
  });

  it('converts traditional (HK and TW forms) to simplified', () => {
    expect(normalizeName('佛山市順德區美華電器製造有限公司')).toBe('佛山市顺德区美华电器制造有限公司');
    expect(normalizeName('廣東臺灣電子廠')).toBe('广东台湾电子厂');
    expect(normalizeName('東莞市長安鎮興業電線電纜有限公司')).toBe('东莞市长安镇兴业电线电缆有限公司');
  });

  it('converts like OpenCC hk→cn followed by tw→cn', () => {
    const OpenCC = require('opencc-js/t2cn') as typeof import('opencc-js');
    const hk = OpenCC.Converter({ from: 'hk', to: 'cn' });
    const tw = OpenCC.Converter({ from: 'tw', to: 'cn' });
    const samples = [
      '乾坤電器',
      '後街實業',
      '裡外製衣',
      '臺灣電子',
      '著名五金',
      '麵包機廠',
      '髮型用品',
      '衝壓製品',
      '週刊印刷',
      '鬆緊帶廠',
    ];
    for (const text of samples) expect(normalizeName(text)).toBe(tw(hk(text)));
  });

  it('lower-cases latin letters (after width folding)', () => {
    expect(normalizeName('ＴＣＬ科技集团股份有限公司')).toBe('tcl科技集团股份有限公司');
    expect(normalizeName('TCL 科技')).toBe(normalizeName('tcl科技'));
  });

  it('keeps differences that matter', () => {
    expect(normalizeName('美华电器有限公司')).not.toBe(normalizeName('美华电器有限责任公司'));
    expect(normalizeName('美华电器有限公司')).not.toBe(normalizeName('美华电气有限公司'));
  });

  it('is idempotent', () => {
    for (const name of ['美華電器（中山）有限公司', 'ＡＢＣ 电子', '深圳市 宏達']) {
      expect(normalizeName(normalizeName(name))).toBe(normalizeName(name));
    }
  });
});

describe('buildNameIndex / matchByName', () => {
  const index = buildNameIndex([
    { uscc: 'U1', name: '佛山市顺德区美华电器有限公司', formerNames: ['顺德市美华电器厂', '美华电器（顺德）有限公司'] },
    { uscc: 'U2', name: '深圳市宏达电线电缆有限公司' },
    // U3's former name is U4's current name: names get reused after a rename.
    { uscc: 'U3', name: '广东信德玩具实业有限公司', formerNames: ['东莞市信德玩具有限公司'] },
    { uscc: 'U4', name: '东莞市信德玩具有限公司' },
  ]);

  it('matches current names through all normalisation steps', () => {
    expect(matchByName(index, '佛山市順德區美華電器有限公司')).toEqual({ uscc: 'U1' });
    expect(matchByName(index, ' 深圳市宏达电线电缆有限公司 ')).toEqual({ uscc: 'U2' });
  });

  it('matches former names', () => {
    expect(matchByName(index, '順德市美華電器廠')).toEqual({ uscc: 'U1' });
    expect(matchByName(index, '美华电器(顺德)有限公司')).toEqual({ uscc: 'U1' });
  });

  it('reports unmatched and ambiguous names', () => {
    expect(matchByName(index, '佛山市顺德区美华电器')).toEqual({ unmatched: true });
    expect(matchByName(index, '')).toEqual({ unmatched: true });
    expect(matchByName(index, '东莞市信德玩具有限公司')).toEqual({ ambiguous: ['U3', 'U4'] });
  });

  it('does not count one enterprise twice when its names normalise alike', () => {
    const single = buildNameIndex([{ uscc: 'U9', name: '美华（中山）有限公司', formerNames: ['美华(中山)有限公司'] }]);
    expect(matchByName(single, '美华(中山)有限公司')).toEqual({ uscc: 'U9' });
  });
});
