/**
 * Importing sessions from CSV and XLSX on the local cloud: the form's fields under Chinese headings, rows
 * checked with the form's own rules and reported by line, organisers created by name, programmes by name;
 * importing again changes nothing and duplicates nothing; a formula stays text.
 */
import ExcelJS from 'exceljs';
import { upload } from '../redlist/fixtures';
import { startTestCloud } from '../helpers/local-cloud';
import { docs, failure, ok, type Loose, type TestCloud } from './fixtures';

const HEADER =
  '场次编号,课程名称,主办单位,培训计划,培训形式,城市,产业集聚区,培训地点,直播链接,开始时间,结束时间,报名开始,报名截止,名额,每家企业限报,费用,课程大纲';
const SYLLABUS = '质量管理体系要求解读、内审实务与认证准备，现场答疑。';
const rowsCsv = (rows: string[]) => `${HEADER}\n${rows.join('\n')}\n`;
const GOOD = [
  `FS-01,顺德家电质量管理体系实务,广东省质量技术培训中心,2030 年质量提升培训,现场培训,佛山,顺德家电产业集聚区,佛山市顺德区大良德和路 1 号,,2030-05-10 09:00,2030-05-10 12:00,2030-04-01 09:00,2030-05-08 18:00,60,3,免费,${SYLLABUS}`,
  `ON-01,出口认证线上公开课,广东省质量技术培训中心,2030 年质量提升培训,线上直播,,,,https://live.example.com/2030/1,2030/5/12 14:00,2030/5/12 16:30,2030/4/1 9:00,2030/5/12 12:00,500,5,可用产品检测券抵扣,${SYLLABUS}`,
];

describe('training session import', () => {
  let cloud: TestCloud;
  const admin = (action: string, payload: object = {}) => cloud.admin<Loose>('training', { action, ...payload });

  beforeAll(async () => {
    cloud = await startTestCloud();
    ok(await admin('saveProgramme', { name: '2030 年质量提升培训', year: 2030, plannedSessions: 8, plannedOnSite: 4 }));
  }, 60_000);
  afterAll(() => cloud?.stop());

  test('a CSV: good rows land, bad rows are reported by line in Chinese; importing again changes nothing', async () => {
    const file = rowsCsv([
      ...GOOD,
      `ZS-02,中山灯饰,广东省质量技术培训中心,,现场培训,中山,,,,2030-06-01 09:00,2030-06-01 12:00,2030-05-01 09:00,2030-05-30 18:00,40,2,免费,${SYLLABUS}`,
      `ZS-03,中山灯饰出口合规,某机构,不存在的计划,现场培训,中山,,中山市古镇镇 1 号,,2030-06-01 09:00,2030-06-01 12:00,2030-05-01 09:00,2030-05-30 18:00,40,2,免费,${SYLLABUS}`,
      `FS-01,重复编号的场次,广东省质量技术培训中心,,现场培训,佛山,,佛山市 1 号路,,2030-06-01 09:00,2030-06-01 12:00,2030-05-01 09:00,2030-05-30 18:00,40,2,免费,${SYLLABUS}`,
      `ST-04,汕头玩具安全标准,广东省质量技术培训中心,,现场培训,汕头,,汕头市澄海区玩具路 2 号,,2030-06-01 09:00,2030-06-01 08:00,2030-05-01 09:00,2030-05-30 18:00,40,2,免费,${SYLLABUS}`,
    ]);
    const fileID = await upload(cloud, 'sessions.csv', file);
    const result = ok(await admin('importSessions', { fileID }));
    expect(result).toMatchObject({ created: 2, updated: 0 });
    expect(result.errors).toEqual([
      { line: 4, reason: expect.stringContaining('培训地点') },
      { line: 5, reason: expect.stringContaining('不存在的计划') },
      { line: 6, reason: expect.stringContaining('与第 2 行重复') },
      { line: 7, reason: expect.stringContaining('结束时间应晚于开始时间') },
    ]);
    const [fs, online] = [
      (await docs(cloud, 'training_sessions', { code: 'FS-01' }))[0],
      (await docs(cloud, 'training_sessions', { code: 'ON-01' }))[0],
    ];
    expect(fs).toMatchObject({ city: '佛山市', format: 'onsite', capacity: 60, fee: 'free', confirmedCount: 0 });
    expect(new Date(fs.startAt).toISOString()).toBe('2030-05-10T01:00:00.000Z');
    expect(online).toMatchObject({
      format: 'online',
      venue: null,
      liveUrl: 'https://live.example.com/2030/1',
      fee: 'voucher',
    });
    expect(fs.organiserId).toBe(online.organiserId);
    expect(await docs(cloud, 'training_organisers', { name: '广东省质量技术培训中心' })).toHaveLength(1);

    const again = ok(await admin('importSessions', { fileID }));
    expect(again).toMatchObject({ created: 0, updated: 0 });
    expect(await docs(cloud, 'training_sessions')).toHaveLength(2);
  });

  test('an XLSX with date-time cells; a changed row updates its session', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('场次');
    sheet.addRow(HEADER.split(','));
    const wall = (s: string) => new Date(`${s}:00Z`); // exceljs: the wall clock as UTC
    sheet.addRow([
      'FS-01',
      '顺德家电质量管理体系实务',
      '广东省质量技术培训中心',
      '2030 年质量提升培训',
      '现场培训',
      '佛山',
      '顺德家电产业集聚区',
      '佛山市顺德区大良德和路 1 号',
      '',
      wall('2030-05-10T09:00'),
      wall('2030-05-10T12:00'),
      wall('2030-04-01T09:00'),
      wall('2030-05-08T18:00'),
      90,
      3,
      '免费',
      SYLLABUS,
    ]);
    sheet.addRow([
      'DG-05',
      '=HYPERLINK("http://evil.example.com")',
      '东莞市质量技术监督服务中心',
      '',
      '现场培训',
      '东莞',
      '东莞电子信息产业集聚区',
      '东莞市松山湖科技园 3 号',
      '',
      wall('2030-07-01T09:00'),
      wall('2030-07-01T12:00'),
      wall('2030-06-01T09:00'),
      wall('2030-06-30T18:00'),
      50,
      2,
      '免费',
      SYLLABUS,
    ]);
    const fileID = await upload(cloud, 'sessions.xlsx', Buffer.from(await book.xlsx.writeBuffer()));
    const result = ok(await admin('importSessions', { fileID }));
    expect(result).toEqual({ created: 1, updated: 1, errors: [] });
    expect((await docs(cloud, 'training_sessions', { code: 'FS-01' }))[0].capacity).toBe(90);
    // The formula is kept as the text it is; nothing evaluates it.
    const dg = (await docs(cloud, 'training_sessions', { code: 'DG-05' }))[0];
    expect(dg.title).toContain('HYPERLINK');
    expect(new Date(dg.startAt).toISOString()).toBe('2030-07-01T01:00:00.000Z');
  });

  test('a file with a missing column, or no file at all', async () => {
    const fileID = await upload(cloud, 'broken.csv', '场次编号,课程名称\nX-1,没有其余列\n');
    const result = ok(await admin('importSessions', { fileID }));
    expect(result.created).toBe(0);
    expect(result.errors[0]).toMatchObject({ line: 1, reason: expect.stringContaining('主办单位') });
    expect(failure(await admin('importSessions', { fileID: 'cloud://test.env/imports/nope.csv' })).code).toBe(
      'FILE_NOT_FOUND',
    );
  });
});
