/**
 * The 专家库 on the local cloud: importing experts (CSV and XLSX, line-numbered problems, idempotent,
 * counters kept), binding a record to a WeChat user (the router's expert rule then lets them in),
 * revoking the role, and the admin list (filters, masked openids).
 */
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { startTestCloud } from '../helpers/local-cloud';
import { failure, ok, upload, type TestCloud } from '../redlist/fixtures';

const HEADER = '专家编号,姓名,职称,工作单位,所在城市,产品类别,专业领域,最多同时问诊数,状态';

/** Line numbers are the file's (header = line 1). */
const GOOD_AND_BAD = [
  HEADER,
  'T001,林志远,教授级高级工程师,广东省家用电器产品医院,佛山市,家用电器、电热水器,检验检测、质量管理,5,在岗', // 2
  'T002,陈雅琴,高级工程师,华南理工大学,广州,"电线电缆,插头插座",标准、认证,3,在岗', // 3 short city, quoted list
  'T003,黄建华,工程师,东莞市质量技术监督检测所,东莞市,儿童玩具,生产工艺,2,停用', // 4 inactive
  'T004,,高级工程师,某研究院,深圳市,灯具,标准,3,在岗', // 5 no name
  'T005,吴敏,高级工程师,某研究院,长沙市,灯具,标准,3,在岗', // 6 not a Guangdong city
  'T006,李强,高级工程师,某研究院,深圳市,灯具、航空发动机,标准,3,在岗', // 7 unknown category
  'T007,赵磊,高级工程师,某研究院,深圳市,灯具,标准、风水,0,休假', // 8 three problems
  'T001,林志远,教授级高级工程师,广东省家用电器产品医院,佛山市,家用电器,检验检测,5,在岗', // 9 repeats line 2's id
  'T 008,周洁,工程师,某研究院,珠海市,灯具,计量,3,在岗', // 10 bad id
].join('\n');

async function readErrorReport(url: string): Promise<string[][]> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  return parse(Buffer.from(await res.arrayBuffer()), { bom: true }) as string[][];
}

async function xlsxOf(rows: (string | number)[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('专家库');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Each test makes several function calls; on a loaded machine that takes longer than jest's default 5 s. */
const SLOW = 30_000;

describe('helpdesk experts', () => {
  let cloud: TestCloud;
  const importFile = async (name: string, content: string | Buffer) =>
    cloud.admin('helpdesk', { action: 'importExperts', fileID: await upload(cloud, name, content) });
  const expertDoc = async (id: string) => (await cloud.db.find('experts', { _id: id }))[0] as Record<string, any>;

  beforeAll(async () => {
    cloud = await startTestCloud();
    await cloud.db.insertMany('hospitals', [{ _id: 'gd-appliance', name: '广东省家用电器产品医院', city: '佛山市' }]);
  }, 60_000);
  afterAll(() => cloud?.stop());

  test(
    'a CSV import writes the good rows and reports every problem by line and column',
    async () => {
      const res = ok(await importFile('experts.csv', GOOD_AND_BAD));
      expect(res).toMatchObject({ rows: 9, created: 3, updated: 0, unchanged: 0 });
      expect(res.errors.map((e: any) => [e.line, e.field])).toEqual([
        [5, '姓名'],
        [6, '所在城市'],
        [7, '产品类别'],
        [8, '专业领域'],
        [8, '最多同时问诊数'],
        [8, '状态'],
        [9, '专家编号'],
        [10, '专家编号'],
      ]);
      expect(res.errors[0].message).toBe('姓名为空');
      expect(res.errors[2].message).toContain('航空发动机');
      expect(res.errors[6].message).toContain('第 2 行');

      // Rows with problems are not written at all, the others are.
      const written = (await cloud.db.find('experts', {})) as any[];
      expect(written.map((e) => e._id).sort()).toEqual(['T001', 'T002', 'T003']);
      expect(await expertDoc('T001')).toMatchObject({
        name: '林志远',
        city: '佛山市',
        hospitalId: 'gd-appliance',
        productCategories: ['家用电器', '电热水器'],
        disciplines: ['testing', 'quality_management'],
        maxOpenCases: 5,
        active: true,
        openCases: 0,
        openid: null,
      });
      expect(await expertDoc('T002')).toMatchObject({
        city: '广州市',
        hospitalId: null,
        productCategories: ['电线电缆', '插头插座'],
      });
      expect((await expertDoc('T003')).active).toBe(false);

      // The same problems as a downloadable CSV.
      const report = await readErrorReport(res.errorReportUrl);
      expect(report[0]).toEqual(['行号', '列', '问题']);
      expect(report.slice(1).map((r) => [Number(r[0]), r[1]])).toEqual(res.errors.map((e: any) => [e.line, e.field]));
    },
    SLOW,
  );

  test(
    're-importing the same file changes nothing; a changed row updates only what the file says',
    async () => {
      await cloud.db.update(
        'experts',
        { _id: 'T001' },
        { $set: { openCases: 2, openid: 'o-kept', resolvedCases: 7, starsTotal: 23, ratings: 5 } },
      );
      const before = await expertDoc('T001');
      const again = ok(await importFile('experts-again.csv', GOOD_AND_BAD));
      expect(again).toMatchObject({ rows: 9, created: 0, updated: 0, unchanged: 3 });
      expect(await expertDoc('T001')).toEqual(before);

      const changed = [HEADER, 'T001,林志远,教授级高级工程师,华南理工大学,佛山市,家用电器,检验检测,8,停用'].join('\n');
      const res = ok(await importFile('experts-changed.csv', changed));
      expect(res).toMatchObject({ rows: 1, created: 0, updated: 1, unchanged: 0, errors: [], errorReportUrl: null });
      expect(await expertDoc('T001')).toMatchObject({
        institution: '华南理工大学',
        hospitalId: null,
        productCategories: ['家用电器'],
        maxOpenCases: 8,
        active: false,
        // kept by the help desk, never by the file
        openCases: 2,
        openid: 'o-kept',
        resolvedCases: 7,
        starsTotal: 23,
        ratings: 5,
      });
    },
    SLOW,
  );

  test(
    'an XLSX import reads the first sheet with numbers as numbers, and a bad header is line 1',
    async () => {
      const book = await xlsxOf([
        HEADER.split(','),
        ['X001', '郑海燕', '研究员', '广东省标准化研究院', '深圳市', '电源适配器、灯具', '标准', 4, '在岗'],
        ['X002', '何志明', '高级工程师', '广东省标准化研究院', '深圳市', '电源适配器', '计量', 1.5, '在岗'],
      ]);
      const res = ok(await importFile('experts.xlsx', book));
      expect(res).toMatchObject({ rows: 2, created: 1 });
      expect(res.errors).toEqual([{ line: 3, field: '最多同时问诊数', message: expect.stringContaining('1.5') }]);
      expect(await expertDoc('X001')).toMatchObject({ maxOpenCases: 4, productCategories: ['电源适配器', '灯具'] });

      const noStatus = ok(
        await importFile(
          'no-status.csv',
          '专家编号,姓名,职称,工作单位,所在城市,产品类别,专业领域,最多同时问诊数\nY1,a,b,c,广州市,灯具,标准,1',
        ),
      );
      expect(noStatus).toMatchObject({ rows: 0, created: 0 });
      expect(noStatus.errors).toEqual([{ line: 1, field: '表头', message: '缺少必需的列：状态' }]);
      expect(await cloud.db.find('experts', { _id: 'Y1' })).toEqual([]);

      const missing = failure(
        await cloud.admin('helpdesk', { action: 'importExperts', fileID: 'cloud://test.env/imports/nope.csv' }),
      );
      expect(missing.code).toBe('FILE_NOT_FOUND');
    },
    SLOW,
  );

  test(
    'admin actions refuse non-admins before looking at the input',
    async () => {
      await cloud.call('user', { action: 'login' }, 'o-nobody');
      for (const event of [
        { action: 'importExperts', fileID: 'cloud://x/imports/experts.csv' },
        { action: 'importExperts' }, // invalid input: still FORBIDDEN, not VALIDATION_FAILED
        { action: 'bindExpert', expertId: 'T002', openid: 'o-nobody' },
        { action: 'listExperts' },
      ]) {
        expect(failure(await cloud.call('helpdesk', event, 'o-nobody')).code).toBe('FORBIDDEN');
      }
      expect((await expertDoc('T002')).openid).toBeNull();
    },
    SLOW,
  );

  test(
    'binding makes the user an expert (the router lets them in), rebinding moves it, revoking ends it',
    async () => {
      await cloud.call('user', { action: 'login' }, 'o-expert-a');
      await cloud.call('user', { action: 'login' }, 'o-expert-b');
      const expertAction = () => cloud.call('helpdesk', { action: 'expertCases' }, 'o-expert-a');
      expect(failure(await expertAction()).code).toBe('FORBIDDEN');

      expect(
        failure(await cloud.admin('helpdesk', { action: 'bindExpert', expertId: 'T002', openid: 'o-ghost' })),
      ).toMatchObject({
        code: 'NOT_FOUND',
        message: expect.stringContaining('用户不存在'),
      });
      expect(
        failure(await cloud.admin('helpdesk', { action: 'bindExpert', expertId: 'NOPE', openid: 'o-expert-a' })).code,
      ).toBe('NOT_FOUND');

      const bound = ok(await cloud.admin('helpdesk', { action: 'bindExpert', expertId: 'T002', openid: 'o-expert-a' }));
      expect(bound).toMatchObject({ expertId: 'T002', boundUser: expect.stringMatching(/\*{4}/) });
      expect(bound.boundUser).not.toContain('o-expert-a');
      const profile = ok(await cloud.call('user', { action: 'profile' }, 'o-expert-a'));
      expect(profile).toMatchObject({ expertId: 'T002', roles: expect.arrayContaining(['expert']) });
      expect(ok(await expertAction()).expert).toMatchObject({ expertId: 'T002', name: '陈雅琴' });

      // The same user to another record: T002 loses its user.
      ok(await cloud.admin('helpdesk', { action: 'bindExpert', expertId: 'T003', openid: 'o-expert-a' }));
      expect((await expertDoc('T002')).openid).toBeNull();
      expect((await expertDoc('T003')).openid).toBe('o-expert-a');
      // Another user to that record: the first user loses the role and the link.
      ok(await cloud.admin('helpdesk', { action: 'bindExpert', expertId: 'T003', openid: 'o-expert-b' }));
      expect(ok(await cloud.call('user', { action: 'profile' }, 'o-expert-a'))).toMatchObject({ expertId: null });
      expect(ok(await cloud.call('user', { action: 'profile' }, 'o-expert-a')).roles).not.toContain('expert');
      expect(failure(await expertAction()).code).toBe('FORBIDDEN');
      expect((await expertDoc('T003')).openid).toBe('o-expert-b');

      const audits = (await cloud.db.find('audit_log', { action: 'helpdesk.bindExpert' })) as any[];
      expect(audits.map((a) => a.targetId)).toEqual(['T002', 'T003', 'T003']);

      // The role cannot be granted without a record; revoking it unbinds the record.
      expect(
        failure(await cloud.admin('admin', { action: 'grantRole', openid: 'o-expert-a', role: 'expert' })).message,
      ).toContain('绑定专家');
      const revoked = ok(await cloud.admin('admin', { action: 'revokeRole', openid: 'o-expert-b', role: 'expert' }));
      expect(revoked.roles).not.toContain('expert');
      expect((await expertDoc('T003')).openid).toBeNull();
      expect(ok(await cloud.call('user', { action: 'profile' }, 'o-expert-b'))).toMatchObject({ expertId: null });
      expect(failure(await cloud.call('helpdesk', { action: 'expertCases' }, 'o-expert-b')).code).toBe('FORBIDDEN');
      // The role alone, without a record, opens nothing.
      await cloud.db.update('users', { _id: 'o-expert-b' }, { $set: { roles: ['expert'] } });
      expect(failure(await cloud.call('helpdesk', { action: 'expertCases' }, 'o-expert-b')).code).toBe('FORBIDDEN');
    },
    SLOW,
  );

  test(
    'listExperts filters by category, discipline, city and keyword, pages, and masks openids',
    async () => {
      ok(await cloud.admin('helpdesk', { action: 'bindExpert', expertId: 'T002', openid: 'o-expert-a' }));
      const ids = async (filters: object) =>
        ok(await cloud.admin('helpdesk', { action: 'listExperts', ...filters })).items.map((e: any) => e.expertId);
      expect(await ids({})).toEqual(['T001', 'T002', 'T003', 'X001']);
      expect(await ids({ productCategory: '灯具' })).toEqual(['X001']);
      expect(await ids({ discipline: 'standards' })).toEqual(['T002', 'X001']);
      expect(await ids({ city: '深圳' })).toEqual(['X001']);
      expect(await ids({ keyword: '华南理工' })).toEqual(['T001', 'T002']);
      expect(await ids({ keyword: '陈雅' })).toEqual(['T002']);
      expect(await ids({ keyword: '.*' })).toEqual([]);
      expect(await ids({ page: 2 })).toEqual([]);

      const all = ok(await cloud.admin('helpdesk', { action: 'listExperts' }));
      expect(all).toMatchObject({ page: 1, total: 4 });
      const t002 = all.items.find((e: any) => e.expertId === 'T002');
      expect(t002.boundUser).toBe('o-ex****rt-a');
      expect(JSON.stringify(all)).not.toContain('o-expert-a');
      expect(JSON.stringify(all)).not.toContain('o-kept');
      expect(t002).toMatchObject({ disciplineLabels: ['标准', '认证'], averageStars: null, openCases: 0 });
      expect(all.items.find((e: any) => e.expertId === 'T001')).toMatchObject({ averageStars: 4.6, resolvedCases: 7 });

      expect(
        failure(await cloud.admin('helpdesk', { action: 'listExperts', productCategory: '航空发动机' })).code,
      ).toBe('VALIDATION_FAILED');
    },
    SLOW,
  );
});
