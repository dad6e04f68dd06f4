/**
 * Every condition of the segment rule language, described once: its category, its typed value
 * fields (which editor each gets) and the defaults a new condition starts with. The rule builder,
 * the conversion to GraphQL and the client-side checks all read this table.
 */
import type { MessageKey } from '../../../i18n/messages';

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

const GENDERS = [opt('FEMALE', 'gender.FEMALE'), opt('MALE', 'gender.MALE'), opt('UNKNOWN', 'gender.UNKNOWN')];
export const CHANNELS = [
  opt('SMS', 'channel.SMS'),
  opt('WECHAT', 'channel.WECHAT'),
  opt('WECOM', 'channel.WECOM'),
  opt('EMAIL', 'channel.EMAIL'),
  opt('PUSH', 'channel.PUSH'),
];
const RFM = [opt('ACTIVE', 'rfm.ACTIVE'), opt('SLEEPING', 'rfm.SLEEPING'), opt('LOST', 'rfm.LOST')];
const is = (field: string, ...values: string[]) => (v: Record<string, unknown>) => values.includes(String(v[field]));

const days = (name = 'days', label: MessageKey = 'field.days', min = 0): FieldSpec => ({ name, kind: 'int', label, min, required: true, suffix: 'unit.days' });
const intRange = (): FieldSpec[] => [
  { name: 'min', kind: 'int', label: 'field.min', min: 0 },
  { name: 'max', kind: 'int', label: 'field.max', min: 0 },
];
const moneyRange = (): FieldSpec[] => [
  { name: 'min', kind: 'money', label: 'field.minAmount' },
  { name: 'max', kind: 'money', label: 'field.maxAmount' },
];
const cardProducts = (source: OptionSource): FieldSpec => ({ name: 'cardProductIds', kind: 'multi', label: 'field.cardProducts', source });

export const CONDITIONS = [
  // profile
  { key: 'gender', category: 'profile', label: 'cond.gender', fields: [{ name: 'in', kind: 'multi', label: 'field.genders', source: GENDERS, required: true }], defaults: { in: ['FEMALE'] } },
  { key: 'age', category: 'profile', label: 'cond.age', fields: intRange(), defaults: { min: 20, max: 35 }, oneOf: ['min', 'max'], ranges: [['min', 'max']] },
  {
    key: 'birthday',
    category: 'profile',
    label: 'cond.birthday',
    fields: [
      {
        name: 'period',
        kind: 'single',
        label: 'field.when',
        required: true,
        source: [
          opt('TODAY', 'birthday.TODAY'),
          opt('IN_DAYS', 'birthday.IN_DAYS'),
          opt('WITHIN_DAYS', 'birthday.WITHIN_DAYS'),
          opt('THIS_WEEK', 'birthday.THIS_WEEK'),
          opt('THIS_MONTH', 'birthday.THIS_MONTH'),
        ],
      },
      { ...days(), showIf: is('period', 'IN_DAYS', 'WITHIN_DAYS') } as FieldSpec,
    ],
    defaults: { period: 'THIS_MONTH' },
  },
  {
    key: 'registered',
    category: 'profile',
    label: 'cond.registered',
    fields: [
      { name: 'after', kind: 'date', label: 'field.after' },
      { name: 'before', kind: 'date', label: 'field.before' },
      { name: 'withinDays', kind: 'int', label: 'field.withinLastDays', min: 1, suffix: 'unit.days' },
    ],
    defaults: { withinDays: 30 },
    oneOf: ['after', 'before', 'withinDays'],
  },
  { key: 'source', category: 'profile', label: 'cond.source', fields: [{ name: 'in', kind: 'freeMulti', label: 'field.sources', source: 'sources', required: true }], defaults: { in: [] } },
  { key: 'homeStore', category: 'profile', label: 'cond.homeStore', fields: [{ name: 'in', kind: 'multi', label: 'field.stores', source: 'stores', required: true }], defaults: { in: [] } },
  { key: 'tier', category: 'profile', label: 'cond.tier', fields: [{ name: 'in', kind: 'multi', label: 'field.tiers', source: 'tiers', required: true }], defaults: { in: [] } },
  {
    key: 'tags',
    category: 'profile',
    label: 'cond.tags',
    fields: [
      { name: 'match', kind: 'single', label: 'field.match', required: true, source: [opt('ANY', 'tags.ANY'), opt('ALL', 'tags.ALL'), opt('NONE', 'tags.NONE')] },
      { name: 'tags', kind: 'freeMulti', label: 'field.tags', source: 'tags', required: true },
    ],
    defaults: { match: 'ANY', tags: [] },
  },
  {
    key: 'customAttribute',
    category: 'profile',
    label: 'cond.customAttribute',
    fields: [
      { name: 'key', kind: 'text', label: 'field.attribute', required: true },
      { name: 'op', kind: 'single', label: 'field.operator', required: true, source: [opt('EQUALS', 'attr.EQUALS'), opt('CONTAINS', 'attr.CONTAINS'), opt('RANGE', 'attr.RANGE')] },
      { name: 'text', kind: 'text', label: 'field.value', required: true, showIf: is('op', 'EQUALS', 'CONTAINS') },
      { name: 'min', kind: 'int', label: 'field.min', showIf: is('op', 'RANGE') },
      { name: 'max', kind: 'int', label: 'field.max', showIf: is('op', 'RANGE') },
    ],
    defaults: { op: 'EQUALS' },
    ranges: [['min', 'max']],
    errorFields: { equals: 'text', contains: 'text' },
    // the rule has exactly one test field: equals, contains, or min/max
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
  // guide
  { key: 'guide', category: 'guide', label: 'cond.guide', fields: [{ name: 'in', kind: 'multi', label: 'field.guides', source: 'guides', required: true }], defaults: { in: [] } },
  { key: 'guideFriendDays', category: 'guide', label: 'cond.guideFriendDays', fields: [days('moreThan', 'field.moreThanDays')], defaults: { moreThan: 30 } },
  { key: 'noGuide', category: 'guide', label: 'cond.noGuide', fields: [], defaults: {}, bare: true },
  // purchases
  {
    key: 'lastPurchase',
    category: 'purchase',
    label: 'cond.lastPurchase',
    fields: [
      { name: 'moreThanDaysAgo', kind: 'int', label: 'field.moreThanDaysAgo', min: 0, suffix: 'unit.days' },
      { name: 'lessThanDaysAgo', kind: 'int', label: 'field.lessThanDaysAgo', min: 1, suffix: 'unit.days' },
    ],
    defaults: { moreThanDaysAgo: 90 },
    oneOf: ['moreThanDaysAgo', 'lessThanDaysAgo'],
  },
  { key: 'neverPurchased', category: 'purchase', label: 'cond.neverPurchased', fields: [], defaults: {}, bare: true },
  { key: 'firstVisit', category: 'purchase', label: 'cond.firstVisit', fields: [days('withinDays', 'field.withinDays', 1)], defaults: { withinDays: 30 } },
  {
    key: 'purchases',
    category: 'purchase',
    label: 'cond.purchases',
    fields: [
      days('days', 'field.lastDays', 1),
      { name: 'orderCount.min', kind: 'int', label: 'field.ordersMin', min: 0 },
      { name: 'orderCount.max', kind: 'int', label: 'field.ordersMax', min: 0 },
      { name: 'spend.min', kind: 'money', label: 'field.minAmount' },
      { name: 'spend.max', kind: 'money', label: 'field.maxAmount' },
    ],
    defaults: { days: 365, 'orderCount.min': 2 },
    oneOf: ['orderCount.min', 'orderCount.max', 'spend.min', 'spend.max'],
    ranges: [
      ['orderCount.min', 'orderCount.max'],
      ['spend.min', 'spend.max'],
    ],
  },
  { key: 'totalSpend', category: 'purchase', label: 'cond.totalSpend', fields: moneyRange(), defaults: { min: 5000 }, oneOf: ['min', 'max'], ranges: [['min', 'max']] },
  {
    key: 'bought',
    category: 'purchase',
    label: 'cond.bought',
    fields: [
      { name: 'productIds', kind: 'multi', label: 'field.products', source: 'products' },
      { name: 'categories', kind: 'freeMulti', label: 'field.categories', source: 'categories' },
      { name: 'days', kind: 'int', label: 'field.lastDays', min: 1, suffix: 'unit.days' },
    ],
    defaults: { days: 90, productIds: [], categories: [] },
    oneOf: ['productIds', 'categories'],
  },
  {
    key: 'serviceCompleted',
    category: 'purchase',
    label: 'cond.serviceCompleted',
    fields: [days('days', 'field.lastDays', 1), { name: 'productIds', kind: 'multi', label: 'field.services', source: 'services' }],
    defaults: { days: 30, productIds: [] },
  },
  // cards
  {
    key: 'storedValueBalance',
    category: 'card',
    label: 'cond.storedValueBalance',
    fields: [{ name: 'below', kind: 'money', label: 'field.below' }, { name: 'above', kind: 'money', label: 'field.above' }, cardProducts('storedValueCards')],
    defaults: { below: 100, cardProductIds: [] },
    oneOf: ['below', 'above'],
  },
  { key: 'cardExpiring', category: 'card', label: 'cond.cardExpiring', fields: [days('withinDays', 'field.withinDays'), cardProducts('cardProducts')], defaults: { withinDays: 30, cardProductIds: [] } },
  {
    key: 'punchRemaining',
    category: 'card',
    label: 'cond.punchRemaining',
    fields: [{ name: 'atMost', kind: 'int', label: 'field.atMostUses', min: 0, required: true }, { name: 'atLeast', kind: 'int', label: 'field.atLeastUses', min: 0 }, cardProducts('punchCards')],
    defaults: { atMost: 2, cardProductIds: [] },
    ranges: [['atLeast', 'atMost']],
  },
  // points
  { key: 'pointsBalance', category: 'points', label: 'cond.pointsBalance', fields: intRange(), defaults: { min: 1000 }, oneOf: ['min', 'max'], ranges: [['min', 'max']] },
  {
    key: 'pointsExpiring',
    category: 'points',
    label: 'cond.pointsExpiring',
    fields: [days('withinDays', 'field.withinDays'), { name: 'atLeast', kind: 'int', label: 'field.atLeastPoints', min: 1, required: true }],
    defaults: { withinDays: 30, atLeast: 100 },
  },
  // reach, other segments, RFM
  { key: 'reachable', category: 'other', label: 'cond.reachable', fields: [{ name: 'channel', kind: 'single', label: 'field.channel', source: CHANNELS, required: true }], defaults: { channel: 'SMS' } },
  {
    key: 'inSegment',
    category: 'other',
    label: 'cond.inSegment',
    fields: [
      { name: 'membership', kind: 'single', label: 'field.membership', required: true, source: [opt('IN', 'segmentMembership.IN'), opt('NOT_IN', 'segmentMembership.NOT_IN')] },
      { name: 'segmentId', kind: 'pick', label: 'field.segment', source: 'segments', required: true },
    ],
    defaults: { membership: 'IN' },
    errorFields: { isMember: 'membership' },
    encode: (v) => ({ segmentId: v.segmentId, isMember: v.membership !== 'NOT_IN' }),
    decode: (r) => ({ segmentId: r.segmentId, membership: r.isMember === false ? 'NOT_IN' : 'IN' }),
  },
  {
    key: 'rfm',
    category: 'other',
    label: 'cond.rfm',
    fields: [
      { name: 'recency', kind: 'multi', label: 'field.rfmLabels', source: RFM },
      { name: 'frequency', kind: 'single', label: 'field.frequency', source: [opt('HIGH', 'rfmLevel.HIGH'), opt('LOW', 'rfmLevel.LOW')] },
      { name: 'monetary', kind: 'single', label: 'field.monetary', source: [opt('HIGH', 'rfmLevel.HIGH'), opt('LOW', 'rfmLevel.LOW')] },
      { name: 'category', kind: 'text', label: 'field.rfmCategory' },
    ],
    defaults: { recency: ['ACTIVE'] },
    oneOf: ['recency', 'frequency', 'monetary'],
  },
] as const satisfies readonly ConditionSpec[];

export type ConditionKey = (typeof CONDITIONS)[number]['key'];

export const CONDITION_BY_KEY: Record<string, ConditionSpec> = Object.fromEntries(CONDITIONS.map((c) => [c.key, c as ConditionSpec]));

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
