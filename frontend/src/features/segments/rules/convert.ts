/**
 * Tree ↔ GraphQL `SegmentRuleInput`. A group becomes `{all: [...]}`, `{any: [...]}` or `{not: ...}`;
 * a condition becomes `{<conditionKey>: {<typed value>}}` (a one-of input). While converting, every
 * node's path in the input is recorded, so a userError whose `field` is e.g.
 * `["rule", "all", "2", "value"]` is pinned to the node it belongs to.
 */
import { CONDITION_BY_KEY, checkCondition, isEmpty, visibleFields, type ConditionKey, type LocalProblem } from './conditions';
import { condition as makeCondition, group as makeGroup, type GroupNode, type RuleNode } from './model';

export type RuleInput = Record<string, unknown>;

/**
 * How money travels in a rule. The editor works in yuan; the rule language stores cents (exact in
 * SQL). 'cents' sends integers of cents, 'yuan' sends decimal yuan as text (a GraphQL Decimal).
 */
export const MONEY_ENCODING: 'cents' | 'yuan' = 'cents';

function moneyOut(v: unknown): unknown {
  const n = Number(v);
  return MONEY_ENCODING === 'cents' ? Math.round(n * 100) : String(v);
}

function moneyIn(v: unknown): number {
  const n = Number(v);
  return MONEY_ENCODING === 'cents' ? n / 100 : n;
}

function setPath(obj: Record<string, unknown>, name: string, v: unknown): void {
  const parts = name.split('.');
  let cur = obj;
  for (const p of parts.slice(0, -1)) {
    if (typeof cur[p] !== 'object' || cur[p] === null) cur[p] = {};
    cur = cur[p] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1]] = v;
}

function getPath(obj: Record<string, unknown> | null | undefined, name: string): unknown {
  let cur: unknown = obj;
  for (const p of name.split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

/** The typed value a condition sends: only the fields that apply, in the rule's own shape. */
export function encodeConditionValue(type: string, value: Record<string, unknown>): unknown {
  const spec = CONDITION_BY_KEY[type];
  if (!spec) return { ...value };
  if (spec.bare) return true;
  const flat: Record<string, unknown> = {};
  for (const f of visibleFields(spec, value)) {
    let v = value[f.name];
    if (isEmpty(v)) continue;
    if (f.kind === 'int') v = Math.trunc(Number(v));
    if (f.kind === 'money') v = moneyOut(v);
    flat[f.name] = v;
  }
  const shaped = spec.encode ? spec.encode(flat) : flat;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(shaped)) if (!isEmpty(v)) setPath(out, k, v);
  return out;
}

/** The editor's value for a stored condition value (inverse of encodeConditionValue). */
export function decodeConditionValue(type: string, raw: unknown): Record<string, unknown> {
  const spec = CONDITION_BY_KEY[type];
  if (!spec || spec.bare || typeof raw !== 'object' || raw === null) return {};
  const src = raw as Record<string, unknown>;
  const shaped = spec.decode ? spec.decode(src) : src;
  const value: Record<string, unknown> = {};
  for (const f of spec.fields) {
    const v = spec.decode ? shaped[f.name] : getPath(shaped, f.name);
    if (v === null || v === undefined) {
      if (f.kind === 'multi' || f.kind === 'freeMulti') value[f.name] = [];
    } else {
      value[f.name] = f.kind === 'money' ? moneyIn(v) : v;
    }
  }
  return value;
}

export interface Encoded {
  input: RuleInput;
  /** node id → its path inside the rule input (without the leading "rule"). */
  paths: Map<string, string[]>;
}

export function toRuleInput(node: RuleNode): Encoded {
  const paths = new Map<string, string[]>();
  const walk = (n: RuleNode, path: string[]): RuleInput => {
    paths.set(n.id, path);
    if (n.kind === 'condition') return { [n.type]: encodeConditionValue(n.type, n.value) };
    if (n.op === 'not') {
      if (n.children.length === 1) return { not: walk(n.children[0], [...path, 'not']) };
      // "not" over several conditions excludes members who match all of them.
      return { not: { all: n.children.map((c, i) => walk(c, [...path, 'not', 'all', String(i)])) } };
    }
    return { [n.op]: n.children.map((c, i) => walk(c, [...path, n.op, String(i)])) };
  };
  const input = walk(node, []);
  return { input, paths };
}

export function fromRuleInput(input: RuleInput): GroupNode {
  const walk = (raw: RuleInput): RuleNode => {
    const keys = Object.keys(raw).filter((k) => raw[k] !== null && raw[k] !== undefined);
    if (keys.length !== 1) throw new Error(`A rule node must have exactly one key, got: ${keys.join(', ') || 'none'}`);
    const key = keys[0];
    const v = raw[key];
    if (key === 'all' || key === 'any') return makeGroup(key, (v as RuleInput[]).map(walk));
    if (key === 'not') {
      const inner = v as RuleInput;
      const innerKeys = Object.keys(inner).filter((k) => inner[k] !== null && inner[k] !== undefined);
      if (innerKeys.length === 1 && innerKeys[0] === 'all') return makeGroup('not', (inner.all as RuleInput[]).map(walk));
      return makeGroup('not', [walk(inner)]);
    }
    if (!CONDITION_BY_KEY[key]) throw new Error(`Unknown condition '${key}'`);
    return makeCondition(key as ConditionKey, decodeConditionValue(key, v));
  };
  const root = walk(input);
  return root.kind === 'group' && root.op !== 'not' ? root : makeGroup('all', [root]);
}

/** The editor field an error path below a condition names: ["purchases", "spend", "min"] → "spend.min". */
function errorField(after: string[]): string | null {
  const spec = after.length ? CONDITION_BY_KEY[after[0]] : undefined;
  if (!spec) return null;
  const parts = after.slice(1).filter((p) => !/^\d+$/.test(p) && p !== 'value');
  if (!parts.length) return null;
  const names = spec.fields.map((f) => f.name);
  const joined = parts.join('.');
  if (names.includes(joined)) return joined;
  if (names.includes(parts[0])) return parts[0];
  const alias = spec.errorFields?.[parts[0]];
  if (alias) return alias;
  return names.find((n) => n.startsWith(`${parts[0]}.`)) ?? null;
}

export interface NodeProblem {
  /** the field of the condition at fault, when the path names one */
  field: string | null;
  message: string;
}

/**
 * Pin server errors to nodes: the node whose recorded path is the longest prefix of the error's
 * `field` (after the leading argument name, e.g. "rule"). Errors that match no node are returned
 * under the key "" (shown above the builder).
 */
export function placeErrors(
  errors: { field?: readonly string[] | null; message: string }[],
  paths: Map<string, string[]>,
  prefix: string[] = ['rule'],
): Map<string, NodeProblem[]> {
  const out = new Map<string, NodeProblem[]>();
  const add = (id: string, p: NodeProblem) => out.set(id, [...(out.get(id) ?? []), p]);
  for (const e of errors) {
    const field = [...(e.field ?? [])];
    const startsWithPrefix = prefix.every((p, i) => field[i] === p);
    if (!startsWithPrefix) {
      add('', { field: null, message: e.message });
      continue;
    }
    const rest = field.slice(prefix.length);
    let best: string | null = null;
    let bestLen = -1;
    for (const [id, path] of paths) {
      if (path.length > bestLen && path.length <= rest.length && path.every((p, i) => rest[i] === p)) {
        best = id;
        bestLen = path.length;
      }
    }
    if (best === null) {
      add('', { field: null, message: e.message });
      continue;
    }
    add(best, { field: errorField(rest.slice(bestLen)), message: e.message });
  }
  return out;
}

/** Client-side problems of the whole tree, by node id (empty groups included). */
export function localProblems(root: RuleNode): Map<string, LocalProblem[]> {
  const out = new Map<string, LocalProblem[]>();
  const walk = (n: RuleNode) => {
    if (n.kind === 'condition') {
      const p = checkCondition(n.type, n.value);
      if (p.length) out.set(n.id, p);
      return;
    }
    if (!n.children.length) out.set(n.id, [{ field: null, message: 'ruleError.emptyGroup' }]);
    n.children.forEach(walk);
  };
  walk(root);
  return out;
}
