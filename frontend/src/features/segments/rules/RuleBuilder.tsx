import { Button, Cascader, DatePicker, Dropdown, Input, InputNumber, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined, FolderAddOutlined, WarningOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useI18n, type Translate } from '../../../i18n';
import { serverMessage } from '../../../lib/serverMessages';
import type { MessageKey } from '../../../i18n/messages';
import type { Options } from '../options';
import { CATEGORIES, CONDITIONS, CONDITION_BY_KEY, visibleFields, type ConditionKey, type FieldSpec, type LocalProblem } from './conditions';
import { condition, group, removeNode, updateNode, type ConditionNode, type GroupNode, type GroupOp, type RuleNode } from './model';
import type { NodeProblem } from './convert';

export interface Problems {
  local: Map<string, LocalProblem[]>;
  server: Map<string, NodeProblem[]>;
}

interface Ctx {
  root: GroupNode;
  onChange: (root: GroupNode) => void;
  options: Options;
  problems: Problems;
  readOnly?: boolean;
  t: Translate;
  locale: string;
}

const MAX_DEPTH = 5;
/** Editors whose value alone does not say what it is (a number, a date) get their label beside them. */
const LABELLED = new Set<FieldSpec['kind']>(['int', 'money', 'date', 'text']);

interface CascaderOption {
  value: string;
  label: string;
  children?: CascaderOption[];
}

export function newCondition(key: ConditionKey): ConditionNode {
  return condition(key, { ...CONDITION_BY_KEY[key].defaults });
}

function ConditionPicker({ onPick, t, children }: { onPick: (k: ConditionKey) => void; t: Translate; children: React.ReactNode }) {
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: CATEGORIES.map((cat) => ({
          key: cat,
          type: 'group' as const,
          label: t(`category.${cat}` as MessageKey),
          children: CONDITIONS.filter((c) => c.category === cat).map((c) => ({ key: c.key, label: t(c.label) })),
        })),
        onClick: ({ key }) => onPick(key as ConditionKey),
        style: { maxHeight: 420, overflowY: 'auto' },
      }}
    >
      {children}
    </Dropdown>
  );
}

function ValueField({ spec, value, onChange, options, invalid, t, disabled, labelled }: {
  spec: FieldSpec;
  value: unknown;
  onChange: (v: unknown) => void;
  options: Options;
  invalid: boolean;
  t: Translate;
  disabled?: boolean;
  labelled?: boolean;
}) {
  const status = invalid ? ('error' as const) : undefined;
  const placeholder = labelled ? undefined : t(spec.label);
  switch (spec.kind) {
    case 'multi': {
      const opts = Array.isArray(spec.source) ? spec.source.map((o) => ({ value: o.value, label: t(o.label) })) : options[spec.source];
      return (
        <Select mode="multiple" allowClear status={status} disabled={disabled} placeholder={placeholder} value={(value as string[]) ?? []} onChange={onChange} options={opts} style={{ minWidth: 200 }} maxTagCount={4} optionFilterProp="label" data-field={spec.name} />
      );
    }
    case 'freeMulti':
      return (
        <Select mode="tags" allowClear status={status} disabled={disabled} placeholder={placeholder} value={(value as string[]) ?? []} onChange={onChange} options={spec.source ? options[spec.source] : []} style={{ minWidth: 200 }} maxTagCount={4} tokenSeparators={[',', '，']} data-field={spec.name} />
      );
    case 'single':
      return (
        <Select status={status} allowClear={!spec.required} disabled={disabled} placeholder={placeholder} value={value as string | undefined} onChange={onChange} options={spec.source.map((o) => ({ value: o.value, label: t(o.label) }))} style={{ minWidth: 150 }} popupMatchSelectWidth={false} data-field={spec.name} />
      );
    case 'pick':
      return (
        <Select showSearch allowClear status={status} disabled={disabled} placeholder={placeholder} value={value as string | undefined} onChange={onChange} options={options[spec.source]} style={{ minWidth: 200 }} optionFilterProp="label" data-field={spec.name} />
      );
    case 'int':
      return (
        <InputNumber status={status} disabled={disabled} placeholder={placeholder} value={value as number | null | undefined} onChange={(v) => onChange(v ?? undefined)} precision={0} style={{ width: 130 }} suffix={spec.suffix ? t(spec.suffix) : undefined} data-field={spec.name} />
      );
    case 'money':
      return (
        <InputNumber status={status} disabled={disabled} placeholder={placeholder} value={value as number | null | undefined} onChange={(v) => onChange(v ?? undefined)} precision={2} min={0} prefix="¥" style={{ width: 150 }} data-field={spec.name} />
      );
    case 'date':
      return (
        <DatePicker status={status} disabled={disabled} placeholder={placeholder} value={value ? dayjs(value as string) : null} onChange={(d) => onChange(d ? d.format('YYYY-MM-DD') : undefined)} data-field={spec.name} />
      );
    case 'text':
      return <Input status={status} disabled={disabled} placeholder={placeholder} value={(value as string) ?? ''} onChange={(e) => onChange(e.target.value)} style={{ width: 160 }} data-field={spec.name} />;
  }
}

function ConditionEditor({ node, ctx }: { node: ConditionNode; ctx: Ctx }) {
  const { t } = ctx;
  const spec = CONDITION_BY_KEY[node.type];
  const local = ctx.problems.local.get(node.id) ?? [];
  const server = ctx.problems.server.get(node.id) ?? [];
  const badFields = new Set([...local, ...server].map((p) => p.field).filter(Boolean));
  const hasError = server.length > 0 || local.length > 0;
  const set = (name: string, v: unknown) =>
    ctx.onChange(updateNode(ctx.root, node.id, (n) => ({ ...(n as ConditionNode), value: { ...(n as ConditionNode).value, [name]: v } })) as GroupNode);
  const change = (key: ConditionKey) => ctx.onChange(updateNode(ctx.root, node.id, () => ({ ...newCondition(key), id: node.id })) as GroupNode);

  return (
    <div className={`rule-condition${server.length ? ' rule-node-error' : ''}`} data-node-id={node.id} data-condition={node.type} data-testid="rule-condition">
      <div className="rule-condition-body">
        <div className="rule-condition-fields">
          <Cascader
            disabled={ctx.readOnly}
            allowClear={false}
            value={[spec.category, node.type] as string[]}
            options={CATEGORIES.map((cat): CascaderOption => ({
              value: cat as string,
              label: t(`category.${cat}` as MessageKey),
              children: CONDITIONS.filter((c) => c.category === cat).map((c) => ({ value: c.key as string, label: t(c.label) })),
            }))}
            displayRender={(labels) => labels[labels.length - 1]}
            onChange={(v) => v && change(v[v.length - 1] as ConditionKey)}
            style={{ width: 230 }}
          />
          {visibleFields(spec, node.value).map((f) => (
            <span key={f.name} className="rule-field" data-field-name={f.name}>
              {LABELLED.has(f.kind) && <span className="rule-field-label">{t(f.label)}</span>}
              <ValueField spec={f} value={node.value[f.name]} onChange={(v) => set(f.name, v)} options={ctx.options} invalid={badFields.has(f.name)} t={t} disabled={ctx.readOnly} labelled={LABELLED.has(f.kind)} />
            </span>
          ))}
          {!spec.fields.length && <Typography.Text type="secondary">{t('rule.noValue')}</Typography.Text>}
        </div>
        {hasError && (
          <div data-testid="rule-node-error">
            {server.map((p, i) => (
              <Typography.Text key={`s${i}`} type="danger" style={{ display: 'block', fontSize: 12 }}>
                <WarningOutlined /> {p.field ? `${t(spec.fields.find((f) => f.name === p.field)?.label ?? ('field.value' as MessageKey))}: ` : ''}
                {serverMessage(p.message, ctx.locale)}
              </Typography.Text>
            ))}
            {local.map((p, i) => (
              <Typography.Text key={`l${i}`} type="warning" style={{ display: 'block', fontSize: 12 }}>
                {p.field ? `${t(spec.fields.find((f) => f.name === p.field)?.label ?? ('field.value' as MessageKey))}: ` : ''}
                {t(p.message)}
              </Typography.Text>
            ))}
          </div>
        )}
      </div>
      {!ctx.readOnly && (
        <Tooltip title={t('rule.removeCondition')}>
          <Button type="text" icon={<DeleteOutlined />} onClick={() => ctx.onChange(removeNode(ctx.root, node.id) as GroupNode)} aria-label={t('rule.removeCondition')} />
        </Tooltip>
      )}
    </div>
  );
}

function GroupEditor({ node, ctx, level, onRemove }: { node: GroupNode; ctx: Ctx; level: number; onRemove?: () => void }) {
  const { t } = ctx;
  const server = ctx.problems.server.get(node.id) ?? [];
  const local = ctx.problems.local.get(node.id) ?? [];
  const setOp = (op: GroupOp) => ctx.onChange(updateNode(ctx.root, node.id, (n) => ({ ...(n as GroupNode), op })) as GroupNode);
  const add = (child: RuleNode) =>
    ctx.onChange(updateNode(ctx.root, node.id, (n) => ({ ...(n as GroupNode), children: [...(n as GroupNode).children, child] })) as GroupNode);
  const joiner = node.op === 'any' ? t('rule.or') : t('rule.and');

  return (
    <div className={`rule-group op-${node.op}${server.length ? ' rule-node-error' : ''}`} data-node-id={node.id} data-testid="rule-group">
      <Space wrap>
        <Select<GroupOp>
          value={node.op}
          onChange={setOp}
          disabled={ctx.readOnly}
          style={{ width: 230 }}
          popupMatchSelectWidth={false}
          options={[
            { value: 'all', label: t('rule.opAll') },
            { value: 'any', label: t('rule.opAny') },
            { value: 'not', label: t('rule.opNot') },
          ]}
          data-testid="group-op"
        />
        {!ctx.readOnly && (
          <>
            <ConditionPicker t={t} onPick={(k) => add(newCondition(k))}>
              <Button size="small" icon={<PlusOutlined />} data-testid="add-condition">
                {t('rule.addCondition')}
              </Button>
            </ConditionPicker>
            {level < MAX_DEPTH && (
              <Button size="small" icon={<FolderAddOutlined />} onClick={() => add(group(node.op === 'all' ? 'any' : 'all'))} data-testid="add-group">
                {t('rule.addGroup')}
              </Button>
            )}
            {onRemove && (
              <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={onRemove}>
                {t('rule.removeGroup')}
              </Button>
            )}
          </>
        )}
      </Space>
      {server.map((p, i) => (
        <Typography.Text key={`s${i}`} type="danger" style={{ display: 'block', fontSize: 12, marginTop: 6 }} data-testid="rule-node-error">
          <WarningOutlined /> {serverMessage(p.message, ctx.locale)}
        </Typography.Text>
      ))}
      {local.map((p, i) => (
        <Typography.Text key={`l${i}`} type="secondary" style={{ display: 'block', fontSize: 12, marginTop: 6 }}>
          {t(p.message)}
        </Typography.Text>
      ))}
      {node.children.length > 0 && (
        <div className="rule-children">
          {node.children.map((child, i) => (
            <div key={child.id}>
              {i > 0 && <Tag className="rule-connector" bordered={false}>{joiner}</Tag>}
              {child.kind === 'condition' ? (
                <ConditionEditor node={child} ctx={ctx} />
              ) : (
                <GroupEditor node={child} ctx={ctx} level={level + 1} onRemove={() => ctx.onChange(removeNode(ctx.root, child.id) as GroupNode)} />
              )}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

/** The rule tree editor: nested all/any/not groups of typed conditions; problems shown on their node. */
export function RuleBuilder(props: { value: GroupNode; onChange: (v: GroupNode) => void; options: Options; problems?: Problems; readOnly?: boolean }) {
  const { t, locale } = useI18n();
  const ctx: Ctx = {
    root: props.value,
    onChange: props.onChange,
    options: props.options,
    problems: props.problems ?? { local: new Map(), server: new Map() },
    readOnly: props.readOnly,
    t,
    locale,
  };
  return <GroupEditor node={props.value} ctx={ctx} level={1} />;
}
