import { configProblem, secretProblem, serverSecret } from '../../../cloudfunctions/src/runtime/secrets';

/** The functions refuse to run with a secret that would make pseudonyms and voucher signatures guessable. */
describe('server secret', () => {
  const strong = 'f'.repeat(64);

  test('outside the local cloud: stand-ins, placeholders and short secrets are refused', () => {
    expect(secretProblem(undefined, false)).toMatch(/not set/);
    expect(secretProblem('', false)).toMatch(/not set/);
    expect(secretProblem('local-YPT_SERVER_SECRET', false)).toMatch(/stand-in/);
    expect(secretProblem(`local-${strong}`, false)).toMatch(/stand-in/);
    expect(secretProblem('{{env.YPT_SERVER_SECRET}}', false)).toMatch(/placeholder/);
    expect(secretProblem(`{{ env.YPT_SERVER_SECRET }}${strong}`, false)).toMatch(/placeholder/);
    expect(secretProblem('x'.repeat(31), false)).toMatch(/32/);
    expect(secretProblem('x'.repeat(32), false)).toBeUndefined();
    expect(secretProblem(strong, false)).toBeUndefined();
  });

  test('on the local cloud its stand-in is fine, an absent or tiny secret is not', () => {
    expect(secretProblem('local-YPT_SERVER_SECRET', true)).toBeUndefined();
    expect(secretProblem(undefined, true)).toMatch(/not set/);
    expect(secretProblem('short', true)).toMatch(/16/);
  });

  test('configProblem reads YPT_LOCAL_CLOUD=1 as the local cloud, anything else as a deployment', () => {
    expect(configProblem({ YPT_SERVER_SECRET: 'local-YPT_SERVER_SECRET', YPT_LOCAL_CLOUD: '1' })).toBeUndefined();
    expect(configProblem({ YPT_SERVER_SECRET: 'local-YPT_SERVER_SECRET', YPT_LOCAL_CLOUD: 'true' })).toMatch(
      /stand-in/,
    );
    expect(configProblem({ YPT_SERVER_SECRET: 'local-YPT_SERVER_SECRET' })).toMatch(/stand-in/);
  });

  test('serverSecret refuses what configProblem refuses', () => {
    const saved = { secret: process.env.YPT_SERVER_SECRET, local: process.env.YPT_LOCAL_CLOUD };
    try {
      delete process.env.YPT_LOCAL_CLOUD;
      process.env.YPT_SERVER_SECRET = 'sixteen-chars-ok-but-not-32';
      expect(() => serverSecret()).toThrow('服务器密钥未配置');
      process.env.YPT_SERVER_SECRET = strong;
      expect(serverSecret()).toBe(strong);
    } finally {
      for (const [key, value] of [
        ['YPT_SERVER_SECRET', saved.secret],
        ['YPT_LOCAL_CLOUD', saved.local],
      ] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });
});
