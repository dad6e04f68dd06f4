import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { Alert, Card, Empty, Input, Select, Space, Table, Tag, Typography, Button } from 'antd';
import type { TableProps } from 'antd';
import type { SortOrder } from 'antd/es/table/interface';
import { graphql } from '../../gql';
import type { MemberSortField, MembersQuery, SortDirection } from '../../gql/graphql';
import { useT } from '../../i18n';
import { friendlyError } from '../../lib/errors';
import { cursorBefore, fmtDate, fmtDateTime, fmtInt, fmtMoney } from '../../lib/format';
import { MetricLabel } from '../../components/MetricLabel';
import { PageHeader } from '../../components/PageHeader';
import { FilterOptionsDoc } from './filters';

const MembersDoc = graphql(`
  query Members(
    $first: Int
    $after: String
    $search: String
    $storeIds: [ID!]
    $guideIds: [ID!]
    $tierIds: [ID!]
    $tags: [String!]
    $sort: MemberSort
  ) {
    members(
      first: $first
      after: $after
      search: $search
      storeIds: $storeIds
      guideIds: $guideIds
      tierIds: $tierIds
      tags: $tags
      sort: $sort
    ) {
      totalCount
      nodes {
        id
        name
        phone
        gender
        registeredAt
        homeStore {
          id
          name
        }
        guide {
          id
          name
        }
        tier {
          id
          name
        }
        tags
        lastPurchaseAt
        orderCount
        totalSpend
      }
    }
  }
`);

type Row = MembersQuery['members']['nodes'][number];

const SORT_COLUMNS: Record<string, MemberSortField> = {
  name: 'NAME',
  registeredAt: 'REGISTERED_AT',
  lastPurchaseAt: 'LAST_PURCHASE_AT',
  totalSpend: 'TOTAL_SPEND',
  orderCount: 'ORDER_COUNT',
};

function list(params: URLSearchParams, key: string): string[] {
  return params.getAll(key).filter(Boolean);
}

export function MembersPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const pageSize = Math.min(100, Math.max(10, Number(params.get('size') ?? 20) || 20));
  const search = params.get('q') ?? '';
  const storeIds = list(params, 'store');
  const guideIds = list(params, 'guide');
  const tierIds = list(params, 'tier');
  const tags = list(params, 'tag');
  const sortKey = params.get('sort') ?? '';
  const sortDir = (params.get('dir') === 'asc' ? 'ASC' : 'DESC') as SortDirection;

  const variables = useMemo(
    () => ({
      first: pageSize,
      after: cursorBefore((page - 1) * pageSize),
      search: search || undefined,
      storeIds: storeIds.length ? storeIds : undefined,
      guideIds: guideIds.length ? guideIds : undefined,
      tierIds: tierIds.length ? tierIds : undefined,
      tags: tags.length ? tags : undefined,
      sort: SORT_COLUMNS[sortKey] ? { field: SORT_COLUMNS[sortKey], direction: sortDir } : undefined,
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [params.toString()],
  );
  const [{ data, fetching, error }] = useQuery({ query: MembersDoc, variables });
  const [{ data: options }] = useQuery({ query: FilterOptionsDoc });

  const update = (changes: Record<string, string | string[] | undefined>, resetPage = true) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      next.delete(k);
      if (Array.isArray(v)) v.forEach((x) => next.append(k, x));
      else if (v) next.set(k, v);
    }
    if (resetPage) next.delete('page');
    setParams(next, { replace: true });
  };

  const guides = (options?.guides ?? []).filter((g) => !storeIds.length || storeIds.includes(g.store?.id ?? ''));
  const filtered = Boolean(search || storeIds.length || guideIds.length || tierIds.length || tags.length);

  const sorterFor = (key: string) =>
    ({
      sorter: true,
      sortDirections: (key === 'name' ? ['ascend', 'descend'] : ['descend', 'ascend']) as SortOrder[],
      sortOrder: (sortKey === key ? (sortDir === 'ASC' ? 'ascend' : 'descend') : null) as SortOrder,
    });

  const columns: TableProps<Row>['columns'] = [
    {
      key: 'name',
      title: t('member.name'),
      ...sorterFor('name'),
      render: (_, m) => (
        <Space direction="vertical" size={0}>
          <Link to={`/members/${encodeURIComponent(m.id)}`}>{m.name}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {m.phone ?? '—'}
          </Typography.Text>
        </Space>
      ),
    },
    { key: 'gender', title: t('member.gender'), width: 70, render: (_, m) => t(`gender.${m.gender}`) },
    { key: 'tier', title: t('member.tier'), render: (_, m) => (m.tier ? <Tag color="gold">{m.tier.name}</Tag> : '—') },
    { key: 'store', title: t('member.homeStore'), render: (_, m) => m.homeStore?.name ?? '—' },
    { key: 'guide', title: t('member.guide'), render: (_, m) => m.guide?.name ?? <Typography.Text type="secondary">{t('member.noGuide')}</Typography.Text> },
    {
      key: 'tags',
      title: t('member.tags'),
      render: (_, m) =>
        m.tags.length ? (
          <Space size={[0, 4]} wrap>
            {m.tags.slice(0, 3).map((tag) => (
              <Tag key={tag}>{tag}</Tag>
            ))}
            {m.tags.length > 3 && <Tag>+{m.tags.length - 3}</Tag>}
          </Space>
        ) : (
          '—'
        ),
    },
    { key: 'registeredAt', title: t('member.registeredAt'), ...sorterFor('registeredAt'), render: (_, m) => fmtDate(m.registeredAt) },
    {
      key: 'lastPurchaseAt',
      title: <MetricLabel label={t('member.lastPurchaseAt')} definition={t('metric.lastPurchaseAt')} />,
      ...sorterFor('lastPurchaseAt'),
      render: (_, m) => fmtDateTime(m.lastPurchaseAt),
    },
    {
      key: 'orderCount',
      title: <MetricLabel label={t('member.orderCount')} definition={t('metric.orderCount')} />,
      align: 'right',
      ...sorterFor('orderCount'),
      render: (_, m) => fmtInt(m.orderCount),
    },
    {
      key: 'totalSpend',
      title: <MetricLabel label={t('member.totalSpend')} definition={t('metric.totalSpend')} />,
      align: 'right',
      ...sorterFor('totalSpend'),
      render: (_, m) => fmtMoney(m.totalSpend),
    },
  ];

  return (
    <>
      <PageHeader title={t('nav.members')} subtitle={t('members.subtitle')} />
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            placeholder={t('members.searchPlaceholder')}
            defaultValue={search}
            onSearch={(v) => update({ q: v.trim() || undefined })}
            style={{ width: 260 }}
            data-testid="member-search"
          />
          <Select
            mode="multiple"
            allowClear
            placeholder={t('member.homeStore')}
            value={storeIds}
            onChange={(v: string[]) => update({ store: v, guide: guideIds.filter((g) => !v.length || guides.some((x) => x.id === g)) })}
            options={(options?.stores ?? []).map((s) => ({ value: s.id, label: s.name }))}
            style={{ minWidth: 160 }}
            maxTagCount="responsive"
            optionFilterProp="label"
          />
          <Select
            mode="multiple"
            allowClear
            placeholder={t('member.guide')}
            value={guideIds}
            onChange={(v: string[]) => update({ guide: v })}
            options={guides.map((g) => ({ value: g.id, label: g.name }))}
            style={{ minWidth: 160 }}
            maxTagCount="responsive"
            optionFilterProp="label"
          />
          <Select
            mode="multiple"
            allowClear
            placeholder={t('member.tier')}
            value={tierIds}
            onChange={(v: string[]) => update({ tier: v })}
            options={[...(options?.tiers ?? [])].sort((a, b) => a.level - b.level).map((x) => ({ value: x.id, label: x.name }))}
            style={{ minWidth: 140 }}
            maxTagCount="responsive"
          />
          <Select
            mode="multiple"
            allowClear
            placeholder={t('member.tags')}
            value={tags}
            onChange={(v: string[]) => update({ tag: v })}
            options={(options?.tags ?? []).map((x) => ({ value: x.tag, label: `${x.tag} (${x.members})` }))}
            style={{ minWidth: 160 }}
            maxTagCount="responsive"
          />
          {filtered && (
            <Button type="link" onClick={() => setParams(new URLSearchParams(), { replace: true })}>
              {t('common.clearFilters')}
            </Button>
          )}
        </Space>
        {error && <Alert type="error" showIcon title={friendlyError(error, t)} style={{ marginBottom: 16 }} />}
        <Table<Row>
          rowKey="id"
          size="middle"
          loading={fetching}
          columns={columns}
          dataSource={data?.members.nodes ?? []}
          scroll={{ x: 1100 }}
          locale={{
            emptyText: (
              <Empty description={filtered ? t('members.emptyFiltered') : t('members.empty')} />
            ),
          }}
          pagination={{
            current: page,
            pageSize,
            total: data?.members.totalCount ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [10, 20, 50, 100],
            showTotal: (total) => t('members.total', { count: fmtInt(total) }),
          }}
          onChange={(pagination, _filters, sorter) => {
            const s = Array.isArray(sorter) ? sorter[0] : sorter;
            const key = s?.order ? String(s.columnKey ?? '') : '';
            const changes: Record<string, string | undefined> = {
              sort: key || undefined,
              dir: key ? (s.order === 'ascend' ? 'asc' : 'desc') : undefined,
              size: pagination.pageSize && pagination.pageSize !== 20 ? String(pagination.pageSize) : undefined,
            };
            const sortChanged = key !== sortKey || (key && (s.order === 'ascend') !== (sortDir === 'ASC'));
            const sizeChanged = (pagination.pageSize ?? 20) !== pageSize;
            changes.page = !sortChanged && !sizeChanged && pagination.current && pagination.current > 1 ? String(pagination.current) : undefined;
            update(changes, false);
          }}
          data-testid="members-table"
        />
      </Card>
    </>
  );
}
