/**
 * Refused input, said as users would say it. Every action's schema names its fields with
 * `.meta({ title })` beside the field (联系人姓名, 统一社会信用代码, 问题描述…); the router parses with
 * `zhIssueMessage` as the error map, so any check without a sentence of its own still speaks Chinese,
 * and `describeIssues` turns the issues into one message plus, for the pages, each failing field's
 * path, label and message (the page scrolls to the first and focuses it).
 *
 * zod's own zh-CN locale is not used: it names types and keys in English ("期望 string", "未知的键(key)")
 * and prints regular expressions.
 */
import { z } from 'zod';

/** One refused field as the client receives it in `details.fields`. */
export interface FieldIssue {
  /** Where the field sits in the input, dotted (`contact.phone`, `findings.0.detail`); '' for the whole input. */
  path: string;
  /** The field as users know it (联系人手机号); '' when the whole input is meant. */
  label: string;
  message: string;
}

type RawIssue = z.core.$ZodRawIssue;

const TYPE_NAMES: Record<string, string> = {
  string: '文本',
  number: '数字',
  int: '整数',
  boolean: '“是”或“否”',
  array: '列表',
  object: '一组信息',
  date: '日期',
  bigint: '整数',
};

function sizeUnit(origin: unknown): string {
  if (origin === 'string') return '个字';
  if (origin === 'array' || origin === 'set' || origin === 'map') return '项';
  if (origin === 'file') return '字节';
  return '';
}

const FORMATS: Record<string, string> = {
  datetime: '时间格式不正确',
  date: '日期格式不正确',
  time: '时间格式不正确',
  email: '邮箱格式不正确',
  url: '网址格式不正确',
};

/** A Chinese sentence for every kind of zod issue that came without a message of its own. */
export function zhIssueMessage(issue: RawIssue): string {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined || issue.input === null) return '不能为空';
      if (issue.expected === 'never') return '不应填写';
      const name = TYPE_NAMES[String(issue.expected)];
      return name ? `应为${name}` : '格式不正确';
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      const unit = sizeUnit(issue.origin);
      if (unit) return `不能超过 ${max} ${unit}`;
      return issue.inclusive === false ? `应小于 ${max}` : `不能大于 ${max}`;
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      const unit = sizeUnit(issue.origin);
      if (unit === '个字' && min <= 1) return '不能为空';
      if (unit === '项' && min <= 1) return '至少选择一项';
      if (unit) return `至少 ${min} ${unit}`;
      return issue.inclusive === false ? `应大于 ${min}` : `不能小于 ${min}`;
    }
    case 'invalid_format':
      return FORMATS[String(issue.format)] ?? '格式不正确';
    case 'not_multiple_of':
      return `应为 ${String(issue.divisor)} 的整数倍`;
    case 'unrecognized_keys':
      return '包含无法识别的内容';
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
      return '格式不正确';
    case 'invalid_value':
      return issue.values.length === 1 ? '取值不正确' : '不在可选范围内';
    default:
      return '格式不正确';
  }
}

/** zod 4 schema internals this module reads (the def of each kind of schema). */
interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  options?: z.ZodType[];
  valueType?: z.ZodType;
  items?: z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
  getter?: () => z.ZodType;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The schemas a wrapper stands for (optional, default, pipe, lazy…), outermost first. */
function layers(schema: z.ZodType): z.ZodType[] {
  const out: z.ZodType[] = [];
  let node: z.ZodType | undefined = schema;
  for (let i = 0; node && i < 20; i++) {
    out.push(node);
    const def = defOf(node);
    node = def.innerType ?? def.in ?? (def.type === 'lazy' ? def.getter?.() : undefined);
  }
  return out;
}

function titleOf(schema: z.ZodType): string {
  for (const layer of layers(schema)) {
    const title = z.globalRegistry.get(layer)?.title;
    if (title) return title;
  }
  return '';
}

/** The schema of `key` inside `schema`, looking through wrappers, unions and intersections. */
function childOf(schema: z.ZodType, key: PropertyKey): z.ZodType | undefined {
  for (const layer of layers(schema)) {
    const def = defOf(layer);
    if (def.type === 'object' && def.shape && typeof key === 'string' && key in def.shape) return def.shape[key];
    if (def.type === 'array' && typeof key === 'number') return def.element;
    if (def.type === 'tuple' && typeof key === 'number') return def.items?.[key];
    if (def.type === 'record') return def.valueType;
    const alternatives = def.type === 'union' ? def.options : def.type === 'intersection' ? [def.left, def.right] : [];
    for (const option of alternatives ?? []) {
      const found = option && childOf(option, key);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * The field at `path` as users know it: the deepest title on the way; list items by their place
 * (检查项目第 2 项的检查说明). '' when nothing on the way has a title.
 */
export function fieldLabel(schema: z.ZodType, path: readonly PropertyKey[]): string {
  let label = '';
  let afterItem = false;
  let node: z.ZodType | undefined = schema;
  for (const key of path) {
    node = node && childOf(node, key);
    if (typeof key === 'number') {
      label = `${label}第 ${key + 1} 项`;
      afterItem = true;
      continue;
    }
    const title = node ? titleOf(node) : '';
    if (title) label = afterItem ? `${label}的${title}` : title;
    afterItem = false;
  }
  return label;
}

/** “label：message”, or the message alone when it names the field already (请填写联系人姓名). */
export function withLabel(label: string, message: string): string {
  return label && !message.includes(label) ? `${label}：${message}` : message;
}

/**
 * The refused input as one sentence (the first field's problem, and how many more there are) and as
 * the list of fields in the order the schema checked them, one entry per field.
 */
export function describeIssues(schema: z.ZodType, error: z.ZodError): { message: string; fields: FieldIssue[] } {
  const fields: FieldIssue[] = [];
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.');
    if (fields.some((f) => f.path === path)) continue;
    fields.push({ path, label: fieldLabel(schema, issue.path), message: issue.message });
  }
  const [first] = fields;
  if (!first) return { message: '输入有误', fields };
  const more = fields.length > 1 ? `（另有 ${fields.length - 1} 处需修改）` : '';
  return { message: `${withLabel(first.label, first.message)}${more}`, fields };
}
