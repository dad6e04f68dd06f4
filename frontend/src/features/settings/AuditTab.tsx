import { useMemo, useState } from 'react';
import { useQuery } from 'urql';
import { Alert, AutoComplete, Button, Card, DatePicker, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { FilterOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { graphql } from '../../gql';
import type { AuditActorKind, SettingsAuditQuery } from '../../gql/graphql';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/messages';
import { friendlyError } from '../../lib/errors';
import { cursorBefore, fmtDateTime } from '../../lib/format';
import { AUDIT_ACTIONS, auditVariables, idNumber, type AuditFilters } from './model';

const SettingsAuditDoc = graphql(`
  query SettingsAudit(
    $first: Int
    $after: String
    $actionPrefix: String
    $actorUserId: ID
    $actorTokenId: ID
    $since: DateTime
    $until: DateTime
  ) {
    auditLog(
      first: $first
      after: $after
      actionPrefix: $actionPrefix
      actorUserId: $actorUserId
      actorTokenId: $actorTokenId
      since: $since
      until: $until
    ) {
      totalCount
      nodes {
        id
        at
        actorKind
        actorName
        actorUserId
        actorTokenId
        action
        targetType
        targetId
        details
        ip
      }
    }
  }
`);

const AuditActorsDoc = graphql(`
  query SettingsAuditActors {
    users(first: 100) {
      nodes {
        id
        username
        displayName
      }
    }
    apiTokens(first: 100) {
      nodes {
        id
        name
        prefix
      }
    }
  }
`);

type Row = NonNullable<SettingsAuditQuery['auditLog']>['nodes'][number];
const PAGE = 20;

const KIND_COLORS: Record<AuditActorKind, string> = { USER: 'blue', TOKEN: 'purple', SYSTEM: 'default', ANONYMOUS: 'orange' };

function actionColor(action: string): string {
  if (/fail|revoke|disable|deactivate/.test(action)) return 'red';
  if (/create|invite|enable|activate|success/.test(action)) return 'green';
  return 'blue';
}

/** Details as short `key: value` lines; `changes` as `field: before → after`. */
function Details({ details }: { details: unknown }) {
  if (!details || typeof details !== 'object') return <Typography.Text type="secondary">—</Typography.Text>;
  // empty parts (a reach the role does not use) say nothing
  const entries = Object.entries(details as Record<string, unknown>).filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && !v.length));
  if (!entries.length) return <Typography.Text type="secondary">—</Typography.Text>;
  const fmt = (v: unknown) => (v === null || v === undefined ? '∅' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const lines: string[] = [];
  for (const [k, v] of entries) {
    if (k === 'changes' && v && typeof v === 'object') {
      for (const [f, ba] of Object.entries(v as Record<string, unknown>)) {
        const [before, after] = Array.isArray(ba) ? ba : [undefined, ba];
        lines.push(`${f}: ${fmt(before)} → ${fmt(after)}`);
      }
    } else lines.push(`${k}: ${fmt(v)}`);
  }
  const shown = lines.slice(0, 3);
  return (
    <Tooltip title={<pre style={{ margin: 0, whiteSpace: 'pre-wrap', fontSize: 12 }}>{lines.join('\n')}</pre>}>
      <div style={{ fontSize: 12, maxWidth: 360 }}>
        {shown.map((l, i) => (
          <div key={i} style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
            {l}
          </div>
        ))}
        {lines.length > 3 && <Typography.Text type="secondary">+{lines.length - 3}</Typography.Text>}
      </div>
    </Tooltip>
  );
}

export function AuditTab() {
  const t = useT();
  const [page, setPage] = useState(1);
  const [filters, setFilters] = useState<AuditFilters>({});
  const [actionDraft, setActionDraft] = useState('');
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const variables = useMemo(() => ({ first: PAGE, after: cursorBefore((page - 1) * PAGE), ...auditVariables(filters) }), [page, filters]);
  const [{ data, fetching, error }] = useQuery({ query: SettingsAuditDoc, variables, requestPolicy: 'cache-and-network' });
  const [{ data: actors }] = useQuery({ query: AuditActorsDoc });
  const set = (change: Partial<AuditFilters>) => {
    setFilters((f) => ({ ...f, ...change }));
    setPage(1);
  };
  const filtered = Boolean(filters.action || filters.actor || filters.since || filters.until);

  const actorOptions = [
    { label: t('settings.audit.users'), options: (actors?.users?.nodes ?? []).map((u) => ({ value: `user:${u.id}`, label: `${u.displayName} (${u.username})` })) },
    { label: t('settings.audit.tokens'), options: (actors?.apiTokens?.nodes ?? []).map((k) => ({ value: `token:${k.id}`, label: `${k.name} (${k.prefix}…)` })) },
  ];

  return (
    <Card size="small" title={t('settings.audit')}>
      <Space wrap style={{ marginBottom: 12 }}>
        <FilterOutlined style={{ color: 'rgba(0,0,0,0.45)' }} />
        <AutoComplete
          allowClear
          style={{ width: 220 }}
          placeholder={t('settings.audit.action')}
          value={actionDraft}
          options={AUDIT_ACTIONS.map((a) => ({ value: a, label: `${a}${a.endsWith('.') ? '*' : ''} · ${t(`auditAction.${a}` as MessageKey)}` }))}
          onChange={(v) => {
            setActionDraft(v ?? '');
            if (!v) set({ action: null });
          }}
          onSelect={(v: string) => set({ action: v })}
          onKeyDown={(e) => e.key === 'Enter' && set({ action: actionDraft })}
          onBlur={() => set({ action: actionDraft })}
          data-testid="audit-action"
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          style={{ width: 260 }}
          placeholder={t('settings.audit.actor')}
          value={filters.actor ?? undefined}
          onChange={(v) => set({ actor: v ?? null })}
          options={actorOptions}
        />
        <DatePicker.RangePicker
          showTime={{ format: 'HH:mm' }}
          format="YYYY-MM-DD HH:mm"
          value={range}
          onChange={(v) => {
            setRange(v);
            set({ since: v?.[0]?.toISOString() ?? null, until: v?.[1]?.toISOString() ?? null });
          }}
        />
        {filtered && (
          <Button
            onClick={() => {
              setFilters({});
              setActionDraft('');
              setRange(null);
              setPage(1);
            }}
          >
            {t('common.clearFilters')}
          </Button>
        )}
      </Space>
      {error && <Alert type="error" showIcon title={friendlyError(error, t)} style={{ marginBottom: 12 }} />}
      <Table<Row>
        size="small"
        rowKey="id"
        loading={fetching}
        dataSource={data?.auditLog?.nodes ?? []}
        data-testid="audit-table"
        pagination={{ current: page, pageSize: PAGE, total: data?.auditLog?.totalCount ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (n) => t('settings.audit.total', { count: n }) }}
        columns={[
          { key: 'at', title: t('settings.audit.at'), width: 150, render: (_, r) => fmtDateTime(r.at) },
          {
            key: 'actor',
            title: t('settings.audit.actor'),
            render: (_, r) => {
              const target = r.actorUserId ? `user:${r.actorUserId}` : r.actorTokenId ? `token:${r.actorTokenId}` : null;
              return (
                <Space size={4}>
                  <Tag color={KIND_COLORS[r.actorKind]}>{t(`auditActor.${r.actorKind}` as MessageKey)}</Tag>
                  {target ? (
                    <Tooltip title={t('settings.audit.onlyThisActor')}>
                      <Typography.Link onClick={() => set({ actor: target })}>{r.actorName}</Typography.Link>
                    </Tooltip>
                  ) : (
                    <span>{r.actorName || '—'}</span>
                  )}
                </Space>
              );
            },
          },
          {
            key: 'action',
            title: t('settings.audit.action'),
            render: (_, r) => (
              <Tooltip title={t('settings.audit.onlyThisAction')}>
                <Tag color={actionColor(r.action)} style={{ cursor: 'pointer' }} onClick={() => { setActionDraft(r.action); set({ action: r.action }); }}>
                  {r.action}
                </Tag>
              </Tooltip>
            ),
          },
          { key: 'target', title: t('settings.audit.target'), render: (_, r) => (r.targetType ? <span>{r.targetType}{r.targetId ? <Typography.Text type="secondary" style={{ fontSize: 12 }}> #{idNumber(r.targetId)}</Typography.Text> : null}</span> : '—') },
          { key: 'details', title: t('settings.audit.details'), render: (_, r) => <Details details={r.details} /> },
          { key: 'ip', title: 'IP', render: (_, r) => r.ip ?? '—' },
        ]}
      />
    </Card>
  );
}
