/**
 * Every condition of the segment rule language, as generated from the server's condition registry
 * (catalogue.generated.ts): its category, its typed value fields (which editor each gets) and the
 * defaults a new condition starts with. The rule builder, the conversion to GraphQL and the
 * client-side checks all read this table; only custom editors (WIDGETS) are written here.
 */
import type { MessageKey } from '../../../i18n/messages';
import { GENERATED_CONDITIONS } from './catalogue.generated';

export type OptionSource =
  | 'stores'
  | 'guides'
  | 'tiers'
  | 'tags'
  | 'cardProducts'
  | 'storedValueCards'
  | 'punchCards'
  | 'products'
  | 'services'
  | 'categories'
  | 'segments'
  | 'sources';

export interface StaticOption {
  value: string;
  label: MessageKey;
}

interface FieldBase {
  /** the key in the condition's value; a dotted name ("orderCount.min") is a nested field */
  name: string;
  label: MessageKey;
  required?: boolean;
  showIf?: (v: Record<string, unknown>) => boolean;
}

export type FieldSpec = FieldBase &
  (
    | { kind: 'multi'; source: OptionSource | StaticOption[] }
    | { kind: 'freeMulti'; source?: OptionSource }
    | { kind: 'single'; source: StaticOption[] }
    | { kind: 'pick'; source: OptionSource }
    | { kind: 'int'; min?: number; max?: number; suffix?: MessageKey }
    | { kind: 'money' }
    | { kind: 'date' }
    | { kind: 'text' }
  );

export type Category = 'profile' | 'guide' | 'purchase' | 'card' | 'points' | 'other';

export interface ConditionSpec {
  key: string;
  category: Category;
  label: MessageKey;
  fields: FieldSpec[];
  defaults: Record<string, unknown>;
  /** At least one of these fields must be set. */
  oneOf?: string[];
  /** Pairs [low, high] where low must not exceed high. */
  ranges?: [string, string][];
  /** The value is a bare `true` (e.g. `{"noGuide": true}`), not an object. */
  bare?: boolean;
  /** Editor value → rule value, for conditions whose editor differs from the rule's shape. */
  encode?: (v: Record<string, unknown>) => Record<string, unknown>;
  /** Rule fields that the editor shows under another name (for placing errors). */
  errorFields?: Record<string, string>;
  /** Rule value → editor value (inverse of encode). */
  decode?: (raw: Record<string, unknown>) => Record<string, unknown>;
}

const opt = (value: string, label: MessageKey): StaticOption => ({ value, label });

export const CHANNELS = [
  opt('SMS', 'channel.SMS'),
  opt('WECHAT', 'channel.WECHAT'),
  opt('WECOM', 'channel.WECOM'),
  opt('EMAIL', 'channel.EMAIL'),
  opt('PUSH', 'channel.PUSH'),
];

/**
 * Custom editors: conditions whose editor differs from the rule's shape (the registry names the
 * widget; everything else about a condition comes from the generated catalogue).
 */
const WIDGETS: Record<string, Pick<ConditionSpec, 'encode' | 'decode'>> = {
  // the rule has exactly one test field: equals, contains, or min/max
  customAttribute: {
    encode: (v) => {
      const out: Record<string, unknown> = { key: v.key };
      if (v.op === 'EQUALS') out.equals = v.text;
      else if (v.op === 'CONTAINS') out.contains = v.text;
      else Object.assign(out, { min: v.min, max: v.max });
      return out;
    },
    decode: (r) => {
      if (r.equals !== undefined && r.equals !== null) return { key: r.key, op: 'EQUALS', text: r.equals };
      if (r.contains !== undefined && r.contains !== null) return { key: r.key, op: 'CONTAINS', text: r.contains };
      return { key: r.key, op: 'RANGE', min: r.min ?? undefined, max: r.max ?? undefined };
    },
  },
  inSegment: {
    encode: (v) => ({ segmentId: v.segmentId, isMember: v.membership !== 'NOT_IN' }),
    decode: (r) => ({ segmentId: r.segmentId, membership: r.isMember === false ? 'NOT_IN' : 'IN' }),
  },
};

type GeneratedField = (typeof GENERATED_CONDITIONS)[number]['fields'][number];
type GeneratedSpec = (typeof GENERATED_CONDITIONS)[number];

function toField(f: GeneratedField): FieldSpec {
  const raw = f as unknown as Record<string, unknown> & { showIf?: { field: string; in: readonly string[] } };
  const { showIf, ...rest } = raw;
  const out = { ...rest } as unknown as FieldSpec;
  if (showIf) out.showIf = (v) => showIf.in.includes(String(v[showIf.field]));
  return out;
}

function toSpec(c: GeneratedSpec): ConditionSpec {
  const raw = c as unknown as Record<string, unknown> & { widget?: string; fields: readonly GeneratedField[] };
  const { widget, fields, ...rest } = raw;
  return { ...(rest as unknown as ConditionSpec), fields: fields.map(toField), ...(widget ? WIDGETS[widget] : {}) };
}

/** Every condition, generated from the registry (api/segments/conditions/, `rapport conditions-export`). */
export const CONDITIONS = GENERATED_CONDITIONS;

export type ConditionKey = (typeof CONDITIONS)[number]['key'];

export const CONDITION_BY_KEY: Record<string, ConditionSpec> = Object.fromEntries(GENERATED_CONDITIONS.map((c) => [c.key, toSpec(c)]));

export const CATEGORIES: Category[] = ['profile', 'guide', 'purchase', 'card', 'points', 'other'];

export function visibleFields(spec: ConditionSpec, value: Record<string, unknown>): FieldSpec[] {
  return spec.fields.filter((f) => !f.showIf || f.showIf(value));
}

export function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

export interface LocalProblem {
  field: string | null;
  message: MessageKey;
}

/** Client-side checks before a rule is sent: what is missing or impossible, per field. */
export function checkCondition(type: string, value: Record<string, unknown>): LocalProblem[] {
  const spec = CONDITION_BY_KEY[type];
  if (!spec) return [{ field: null, message: 'ruleError.unknownCondition' }];
  const problems: LocalProblem[] = [];
  const visible = visibleFields(spec, value);
  for (const f of visible) {
    const v = value[f.name];
    if (f.required && isEmpty(v)) problems.push({ field: f.name, message: 'ruleError.required' });
    if ((f.kind === 'int' || f.kind === 'money') && !isEmpty(v)) {
      const n = Number(v);
      const min = f.kind === 'int' ? (f.min ?? 0) : 0;
      if (!Number.isFinite(n)) problems.push({ field: f.name, message: 'ruleError.notANumber' });
      else if (n < min) problems.push({ field: f.name, message: min > 0 ? 'ruleError.atLeastOne' : 'ruleError.tooSmall' });
    }
  }
  const visibleNames = new Set(visible.map((f) => f.name));
  if (spec.oneOf && spec.oneOf.filter((k) => visibleNames.has(k)).length && spec.oneOf.every((k) => !visibleNames.has(k) || isEmpty(value[k]))) {
    problems.push({ field: null, message: 'ruleError.needOneOf' });
  }
  for (const [lo, hi] of spec.ranges ?? []) {
    if (visibleNames.has(lo) && visibleNames.has(hi) && !isEmpty(value[lo]) && !isEmpty(value[hi]) && Number(value[lo]) > Number(value[hi])) {
      problems.push({ field: hi, message: 'ruleError.minAboveMax' });
    }
  }
  return problems;
}
