/** The enterprise name of a binding (miniprogram/shared/enterprise.ts; the server's enterpriseNameSchema). */
import { enterpriseNameSchema } from '../../../cloudfunctions/src/contract/user';
import { enterpriseNameProblem } from '../../../miniprogram/shared/enterprise';

test.each([
  ['佛山市顺德区美达电器有限公司', ''],
  [' 美达 ', ''],
  ['企'.repeat(100), ''],
  ['', '企业名称至少 2 个字'],
  [' 美 ', '企业名称至少 2 个字'],
  ['企'.repeat(101), '企业名称不超过 100 个字'],
])('%p → %p, on both sides', (name, problem) => {
  expect(enterpriseNameProblem(name)).toBe(problem);
  const parsed = enterpriseNameSchema.safeParse(name);
  expect(parsed.success ? '' : parsed.error.issues[0].message).toBe(problem);
});
