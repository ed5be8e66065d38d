/**
 * Every action's refusal speaks Chinese (runtime/router.ts parseInput + describeZodError, contract/issues.ts):
 * for each action of every function, bad inputs of every kind; the message and each field's entry must
 * name the field as users know it, never by an input key, and carry no English zod default.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { describeZodError, parseInput, type ActionDefinition } from '../../../cloudfunctions/src/runtime/router';

const SRC = join(__dirname, '../../../cloudfunctions/src');
const FUNCTIONS = [
  'admin',
  'cable',
  'checkup',
  'credit',
  'helpdesk',
  'hospital',
  'redlist',
  'training',
  'user',
  'voucher',
];

/** Every action, by function and key (one action a file, exported under its key). */
function allActions(): { name: string; schema: z.ZodType }[] {
  const out: { name: string; schema: z.ZodType }[] = [];
  for (const fn of FUNCTIONS) {
    for (const file of readdirSync(join(SRC, fn, 'actions')).filter((f) => f.endsWith('.ts'))) {
      const key = file.replace(/\.ts$/, '');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(join(SRC, fn, 'actions', file)) as Record<string, ActionDefinition<z.ZodType, unknown>>;
      const def = mod[key];
      if (!def?.input) throw new Error(`${fn}/actions/${file} exports no action named ${key}`);
      out.push({ name: `${fn}.${key}`, schema: def.input });
    }
  }
  return out;
}

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
}
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;
function unwrap(s: z.ZodType): z.ZodType {
  let node = s;
  for (let def = defOf(node); def.innerType || def.in; def = defOf(node)) node = (def.innerType ?? def.in)!;
  return node;
}

/** Every key an input of this schema can have (nested objects and list items included). */
function keysOf(schema: z.ZodType, into = new Set<string>()): Set<string> {
  const def = defOf(unwrap(schema));
  if (def.type === 'object' && def.shape) {
    for (const [key, child] of Object.entries(def.shape)) {
      into.add(key);
      keysOf(child, into);
    }
  }
  if (def.type === 'array' && def.element) keysOf(def.element, into);
  if (def.type === 'union') for (const option of def.options ?? []) keysOf(option, into);
  return into;
}

/** An input with every field (recursively) set to `bad`; objects and lists keep their shape so their fields fail too. */
function fill(schema: z.ZodType, bad: unknown): unknown {
  const def = defOf(unwrap(schema));
  if (def.type === 'object' && def.shape) {
    return Object.fromEntries(Object.entries(def.shape).map(([key, child]) => [key, fill(child, bad)]));
  }
  if (def.type === 'array' && def.element) return [fill(def.element, bad)];
  return bad;
}

const WRONG_VALUES: [string, unknown][] = [
  ['a number', 12345],
  ['a short text', 'x'],
  ['a long text', '字'.repeat(3000)],
  ['emoji', '😀'.repeat(700)],
  ['an empty text', ''],
  ['null', null],
  ['a list', ['x']],
  ['an object', { a: 1 }],
  ['true', true],
  ['a negative fraction', -1.5],
];

/** Latin words a message may carry: units and codes the caller has to send as written. */
const ALLOWED_WORDS = new Set(
  [
    // formats and units
    'YYYY',
    'ISO',
    'cloud',
    'jpg',
    'jpeg',
    'png',
    'webp',
    'pdf',
    'YPT1',
    'drand',
    'csv',
    'xlsx',
    'heic',
    'https',
    // codes an admin caller sends (each message translates them)
    'waiting',
    'approved',
    'rejected',
    'approve',
    'reject',
    'pending',
    'quicknet',
    'default',
    'ten',
    'five',
    'three',
    'entries',
    'exits',
    'tierChanges',
  ].map((w) => w.toLowerCase()),
);

/** Words with three lower-case letters in a row (zod's defaults: "Invalid input: expected string"); codes such as BVV, ISO pass. */
function englishWords(text: string): string[] {
  return (text.match(/[A-Za-z]*[a-z]{3,}[A-Za-z0-9]*/g) ?? []).filter((w) => !ALLOWED_WORDS.has(w.toLowerCase()));
}

/** Input keys as they would show: a whole ASCII word equal to a key of the input. */
function keysIn(text: string, keys: Set<string>): string[] {
  return (text.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []).filter((w) => keys.has(w));
}

const ACTIONS = allActions();

describe.each(ACTIONS.map((a) => [a.name, a] as const))('%s refuses bad input in Chinese', (_name, { schema }) => {
  const keys = keysOf(schema);
  const inputs: [string, unknown][] = [
    ['nothing', undefined],
    ['a list instead of the input', []],
    ['every field missing', {}],
    ...WRONG_VALUES.map(([what, value]): [string, unknown] => [`every field ${what}`, fill(schema, value)]),
  ];

  test.each(inputs)('%s', (_what, input) => {
    const parsed = parseInput(schema, input);
    if (parsed.success) return; // an action without required fields (e.g. profile) accepts this one
    const { message, fields } = describeZodError(schema, parsed.error);
    const said = [message, ...fields.flatMap((f) => [f.label, f.message])];
    for (const text of said) {
      expect({ text, keys: keysIn(text, keys), english: englishWords(text) }).toEqual({ text, keys: [], english: [] });
    }
    expect(message).toMatch(/[\u4e00-\u9fa5]/);
    // A field of the input is named as users know it.
    for (const field of fields) {
      if (field.path)
        expect({ path: field.path, label: field.label }).toEqual({
          path: field.path,
          label: expect.stringMatching(/[\u4e00-\u9fa5]/),
        });
    }
  });
});

test('every function has actions here (the table above is not empty by accident)', () => {
  expect(ACTIONS.length).toBeGreaterThan(50);
});
