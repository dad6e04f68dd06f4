/**
 * The rule builder's own tree: what the operator edits. It converts to and from the GraphQL
 * `SegmentRuleInput` (convert.ts); node ids are local, so errors coming back with a `field` path
 * can be pinned to the node they belong to.
 */
import type { ConditionKey } from './conditions';

export type GroupOp = 'all' | 'any' | 'not';

export interface GroupNode {
  id: string;
  kind: 'group';
  op: GroupOp;
  children: RuleNode[];
}

export interface ConditionNode {
  id: string;
  kind: 'condition';
  type: ConditionKey;
  value: Record<string, unknown>;
}

export type RuleNode = GroupNode | ConditionNode;

let counter = 0;
export function newId(): string {
  counter += 1;
  return `n${counter}`;
}

export function group(op: GroupOp, children: RuleNode[] = []): GroupNode {
  return { id: newId(), kind: 'group', op, children };
}

export function condition(type: ConditionKey, value: Record<string, unknown>): ConditionNode {
  return { id: newId(), kind: 'condition', type, value };
}

/** Replace the node with `id` by `fn(node)` (immutable); `fn` returning null removes it. */
export function updateNode(root: RuleNode, id: string, fn: (n: RuleNode) => RuleNode | null): RuleNode {
  if (root.id === id) return fn(root) ?? root;
  if (root.kind === 'condition') return root;
  let changed = false;
  const children: RuleNode[] = [];
  for (const child of root.children) {
    if (child.id === id) {
      const next = fn(child);
      changed = true;
      if (next) children.push(next);
    } else {
      const next = updateNode(child, id, fn);
      if (next !== child) changed = true;
      children.push(next);
    }
  }
  return changed ? { ...root, children } : root;
}

export function removeNode(root: RuleNode, id: string): RuleNode {
  return updateNode(root, id, () => null);
}

export function countConditions(node: RuleNode): number {
  return node.kind === 'condition' ? 1 : node.children.reduce((n, c) => n + countConditions(c), 0);
}

export function depth(node: RuleNode): number {
  return node.kind === 'condition' ? 1 : 1 + Math.max(0, ...node.children.map(depth));
}

export function findNode(root: RuleNode, id: string): RuleNode | null {
  if (root.id === id) return root;
  if (root.kind === 'group') {
    for (const c of root.children) {
      const f = findNode(c, id);
      if (f) return f;
    }
  }
  return null;
}
