import { describe, expect, it } from 'vitest';
import { CONDITIONS, checkCondition } from './conditions';
import { decodeConditionValue, encodeConditionValue, fromRuleInput, localProblems, placeErrors, toRuleInput } from './convert';
import { condition, countConditions, group, removeNode, updateNode, type RuleNode } from './model';

/** Strip local ids so trees can be compared structurally. */
function shape(n: RuleNode): unknown {
  return n.kind === 'condition' ? { type: n.type, value: n.value } : { op: n.op, children: n.children.map(shape) };
}

describe('toRuleInput', () => {
  it('turns groups into all/any/not and conditions into one-of inputs', () => {
    const tree = group('all', [
      condition('gender', { in: ['FEMALE'] }),
      group('any', [condition('lastPurchase', { moreThanDaysAgo: 90 }), condition('neverPurchased', {})]),
      group('not', [condition('tags', { match: 'ANY', tags: ['VIP'] })]),
    ]);
    expect(toRuleInput(tree).input).toEqual({
      all: [
        { gender: { in: ['FEMALE'] } },
        { any: [{ lastPurchase: { moreThanDaysAgo: 90 } }, { neverPurchased: true }] },
        { not: { tags: { match: 'ANY', tags: ['VIP'] } } },
      ],
    });
  });

  it('wraps a "not" over several children in all', () => {
    const tree = group('all', [group('not', [condition('noGuide', {}), condition('reachable', { channel: 'SMS' })])]);
    expect(toRuleInput(tree).input).toEqual({
      all: [{ not: { all: [{ noGuide: true }, { reachable: { channel: 'SMS' } }] } }],
    });
  });

  it('sends only the fields that apply, numbers as numbers, money in cents, nested ranges nested', () => {
    const tree = group('all', [
      condition('birthday', { period: 'THIS_WEEK', days: 7 }),
      condition('birthday', { period: 'WITHIN_DAYS', days: '7' }),
      condition('registered', { after: '2025-01-01', withinDays: null }),
      condition('purchases', { days: 365, 'orderCount.min': 2, 'spend.min': 1000.5, 'spend.max': '' }),
      condition('homeStore', { in: [] }),
      condition('storedValueBalance', { below: 99.99, cardProductIds: [] }),
    ]);
    expect(toRuleInput(tree).input).toEqual({
      all: [
        { birthday: { period: 'THIS_WEEK' } },
        { birthday: { period: 'WITHIN_DAYS', days: 7 } },
        { registered: { after: '2025-01-01' } },
        { purchases: { days: 365, orderCount: { min: 2 }, spend: { min: 100050 } } },
        { homeStore: {} },
        { storedValueBalance: { below: 9999 } },
      ],
    });
  });

  it('maps the editors of custom attributes and segment membership to the rule shape', () => {
    expect(encodeConditionValue('customAttribute', { key: 'hair', op: 'EQUALS', text: 'short' })).toEqual({ key: 'hair', equals: 'short' });
    expect(encodeConditionValue('customAttribute', { key: 'hair', op: 'CONTAINS', text: 'sh' })).toEqual({ key: 'hair', contains: 'sh' });
    expect(encodeConditionValue('customAttribute', { key: 'height', op: 'RANGE', min: 160, text: 'x' })).toEqual({ key: 'height', min: 160 });
    expect(encodeConditionValue('inSegment', { segmentId: 'U2VnbWVudDox', membership: 'NOT_IN' })).toEqual({ segmentId: 'U2VnbWVudDox', isMember: false });
    expect(decodeConditionValue('customAttribute', { key: 'hair', contains: 'sh' })).toEqual({ key: 'hair', op: 'CONTAINS', text: 'sh' });
    expect(decodeConditionValue('inSegment', { segmentId: 'x', isMember: true })).toEqual({ membership: 'IN', segmentId: 'x' });
  });

  it('records the input path of every node', () => {
    const inner = condition('age', { min: 20 });
    const notChild = condition('noGuide', {});
    const notChild2 = condition('neverPurchased', {});
    const notGroup = group('not', [notChild, notChild2]);
    const any = group('any', [inner]);
    const tree = group('all', [condition('gender', { in: ['MALE'] }), any, notGroup]);
    const { paths } = toRuleInput(tree);
    expect(paths.get(tree.id)).toEqual([]);
    expect(paths.get(any.id)).toEqual(['all', '1']);
    expect(paths.get(inner.id)).toEqual(['all', '1', 'any', '0']);
    expect(paths.get(notChild2.id)).toEqual(['all', '2', 'not', 'all', '1']);
  });
});

describe('fromRuleInput', () => {
  it('round-trips every condition with its default value', () => {
    const tree = group(
      'all',
      CONDITIONS.map((c) => condition(c.key, { ...c.defaults })),
    );
    const { input } = toRuleInput(tree);
    const back = fromRuleInput(input);
    expect(toRuleInput(back).input).toEqual(input);
    expect(countConditions(back)).toBe(CONDITIONS.length);
  });

  it('round-trips nested all/any/not groups', () => {
    const tree = group('any', [
      group('all', [condition('tier', { in: ['VGllcjox'] }), condition('pointsBalance', { min: 100, max: 5000 })]),
      group('not', [group('any', [condition('rfm', { recency: ['LOST'] }), condition('cardExpiring', { withinDays: 30, cardProductIds: [] })])]),
      group('not', [condition('noGuide', {}), condition('neverPurchased', {})]),
    ]);
    const back = fromRuleInput(toRuleInput(tree).input);
    expect(shape(back)).toEqual(shape(tree));
  });

  it('wraps a bare condition or a top-level not in an "all" group', () => {
    expect(shape(fromRuleInput({ noGuide: true }))).toEqual({ op: 'all', children: [{ type: 'noGuide', value: {} }] });
    expect(shape(fromRuleInput({ not: { noGuide: true } }))).toEqual({
      op: 'all',
      children: [{ op: 'not', children: [{ type: 'noGuide', value: {} }] }],
    });
  });

  it('fills empty lists for list fields the stored rule left out, reads cents as yuan, flattens ranges', () => {
    const back = fromRuleInput({ all: [{ storedValueBalance: { below: 9950 } }, { purchases: { days: 30, spend: { max: 50000 } } }] });
    const [a, b] = back.children;
    expect(a.kind === 'condition' && a.value).toEqual({ below: 99.5, cardProductIds: [] });
    expect(b.kind === 'condition' && b.value).toEqual({ days: 30, 'spend.max': 500 });
  });

  it('refuses unknown conditions and ambiguous nodes', () => {
    expect(() => fromRuleInput({ all: [{ shoeSize: { min: 40 } }] })).toThrow(/shoeSize/);
    expect(() => fromRuleInput({ all: [], any: [] })).toThrow(/exactly one key/);
  });
});

describe('placeErrors', () => {
  const first = condition('gender', { in: [] });
  const deep = condition('age', { min: -1 });
  const any = group('any', [deep]);
  const third = condition('lastPurchase', { moreThanDaysAgo: -3 });
  const fourth = condition('purchases', { days: 30, 'spend.min': 5 });
  const fifth = condition('customAttribute', { key: 'k', op: 'EQUALS', text: '' });
  const tree = group('all', [first, any, third, fourth, fifth]);
  const { paths } = toRuleInput(tree);

  it('puts an error on the node its path names', () => {
    const placed = placeErrors([{ field: ['rule', 'all', '2', 'value'], message: 'Days cannot be negative.' }], paths);
    expect(placed.get(third.id)).toEqual([{ field: null, message: 'Days cannot be negative.' }]);
  });

  it('names the editor field when the path goes into the condition', () => {
    const placed = placeErrors(
      [
        { field: ['rule', 'all', '1', 'any', '0', 'age', 'min'], message: 'Too small.' },
        { field: ['rule', 'all', '2', 'lastPurchase', 'moreThanDaysAgo'], message: 'Negative.' },
        { field: ['rule', 'all', '3', 'purchases', 'spend', 'min'], message: 'Bad amount.' },
        { field: ['rule', 'all', '4', 'customAttribute', 'equals'], message: 'Empty.' },
        { field: ['rule', 'all', '0', 'gender', 'in', '3'], message: 'Unknown gender.' },
      ],
      paths,
    );
    expect(placed.get(deep.id)).toEqual([{ field: 'min', message: 'Too small.' }]);
    expect(placed.get(third.id)).toEqual([{ field: 'moreThanDaysAgo', message: 'Negative.' }]);
    expect(placed.get(fourth.id)).toEqual([{ field: 'spend.min', message: 'Bad amount.' }]);
    expect(placed.get(fifth.id)).toEqual([{ field: 'text', message: 'Empty.' }]);
    expect(placed.get(first.id)).toEqual([{ field: 'in', message: 'Unknown gender.' }]);
  });

  it('falls back to the nearest group, and to the whole rule for other fields', () => {
    const placed = placeErrors(
      [
        { field: ['rule', 'all', '1', 'any', '7'], message: 'No such child.' },
        { field: ['input', 'name'], message: 'Name is required.' },
        { field: null, message: 'Rules refer to each other.' },
      ],
      paths,
    );
    expect(placed.get(any.id)?.[0].message).toBe('No such child.');
    expect(placed.get('')?.map((p) => p.message)).toEqual(['Name is required.', 'Rules refer to each other.']);
  });

  it('understands paths under the input argument of segmentCreate', () => {
    const placed = placeErrors([{ field: ['input', 'rule', 'all', '0', 'gender', 'in'], message: 'Pick one.' }], paths, ['input', 'rule']);
    expect(placed.get(first.id)).toEqual([{ field: 'in', message: 'Pick one.' }]);
  });
});

describe('local checks and tree edits', () => {
  it('flags missing values, negative numbers, inverted ranges and empty groups', () => {
    expect(checkCondition('gender', { in: [] }).map((p) => p.message)).toEqual(['ruleError.required']);
    expect(checkCondition('lastPurchase', { moreThanDaysAgo: -1 }).map((p) => p.message)).toEqual(['ruleError.tooSmall']);
    expect(checkCondition('lastPurchase', { lessThanDaysAgo: 0 }).map((p) => p.message)).toEqual(['ruleError.atLeastOne']);
    expect(checkCondition('age', { min: 40, max: 30 }).map((p) => p.field)).toEqual(['max']);
    expect(checkCondition('purchases', { days: 30, 'spend.min': 50, 'spend.max': 10 }).map((p) => p.field)).toEqual(['spend.max']);
    expect(checkCondition('totalSpend', {}).map((p) => p.message)).toEqual(['ruleError.needOneOf']);
    expect(checkCondition('birthday', { period: 'THIS_WEEK' })).toEqual([]);
    expect(checkCondition('birthday', { period: 'IN_DAYS' }).map((p) => p.field)).toEqual(['days']);
    expect(checkCondition('noGuide', {})).toEqual([]);
    const empty = group('any', []);
    const problems = localProblems(group('all', [empty]));
    expect(problems.get(empty.id)?.[0].message).toBe('ruleError.emptyGroup');
  });

  it('updates and removes nodes without touching the others', () => {
    const a = condition('noGuide', {});
    const b = condition('age', { min: 1 });
    const g = group('any', [b]);
    const root = group('all', [a, g]);
    const updated = updateNode(root, b.id, (n) => ({ ...n, value: { min: 2 } }) as RuleNode);
    expect(updated).not.toBe(root);
    expect((updated as typeof root).children[0]).toBe(a);
    const removed = removeNode(updated, g.id);
    expect(countConditions(removed)).toBe(1);
  });
});
