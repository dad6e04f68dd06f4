import { useState } from 'react';
import { useParams } from 'react-router';
import { useQuery } from 'urql';
import { Alert, Card, Col, Descriptions, Empty, Row, Skeleton, Space, Statistic, Table, Tabs, Tag, Typography, Result } from 'antd';
import { CheckCircleTwoTone, MinusCircleTwoTone } from '@ant-design/icons';
import { graphql } from '../../gql';
import type { MemberQuery } from '../../gql/graphql';
import { useT } from '../../i18n';
import { friendlyError } from '../../lib/errors';
import { cursorBefore, fmtDate, fmtDateTime, fmtInt, fmtMoney } from '../../lib/format';
import { MetricLabel } from '../../components/MetricLabel';
import { PageHeader } from '../../components/PageHeader';
import { MemberSegmentsTab } from '../segments/MemberSegmentsTab';

const MemberDoc = graphql(`
  query Member($id: ID!) {
    member(id: $id) {
      id
      name
      phone
      gender
      birthday
      registeredAt
      source
      homeStore {
        id
        name
      }
      guide {
        id
        name
      }
      guideFriendSince
      tier {
        id
        name
      }
      tags
      customAttributes
      channels {
        sms
        wechatOpenid
        wechatSubscribed
        wecomExternalId
        email
        emailConsent
        push
      }
      firstVisitAt
      lastPurchaseAt
      orderCount
      totalSpend
      pointsBalance
      cards {
        id
        balance
        remainingUses
        issuedAt
        expiresAt
        expired
        product {
          id
          name
          kind
        }
      }
    }
  }
`);

const MemberOrdersDoc = graphql(`
  query MemberOrders($id: ID!, $first: Int, $after: String) {
    member(id: $id) {
      id
      orders(first: $first, after: $after) {
        totalCount
        nodes {
          id
          orderedAt
          total
          refunded
          net
          status
          source
          externalId
          lines {
            id
            kind
            name
            category
            quantity
            unitPrice
            amount
            refunded
          }
        }
      }
    }
  }
`);

const MemberPointsDoc = graphql(`
  query MemberPoints($id: ID!, $first: Int, $after: String) {
    member(id: $id) {
      id
      points(first: $first, after: $after) {
        totalCount
        nodes {
          id
          delta
          reason
          note
          occurredAt
          expiresAt
        }
      }
    }
  }
`);

const MemberEventsDoc = graphql(`
  query MemberEvents($id: ID!, $first: Int, $after: String) {
    member(id: $id) {
      id
      events(first: $first, after: $after) {
        totalCount
        nodes {
          id
          type
          occurredAt
          source
          payload
        }
      }
    }
  }
`);

type M = NonNullable<MemberQuery['member']>;
const PAGE = 10;

function Yes({ on }: { on: boolean }) {
  return on ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <MinusCircleTwoTone twoToneColor="#bfbfbf" />;
}

function Channels({ m }: { m: M }) {
  const t = useT();
  const c = m.channels;
  const rows = [
    { key: 'sms', label: t('channel.SMS'), id: m.phone, ok: c.sms, consent: c.sms },
    { key: 'wechat', label: t('channel.WECHAT'), id: c.wechatOpenid, ok: Boolean(c.wechatOpenid) && c.wechatSubscribed, consent: c.wechatSubscribed },
    { key: 'wecom', label: t('channel.WECOM'), id: c.wecomExternalId, ok: Boolean(c.wecomExternalId), consent: Boolean(c.wecomExternalId) },
    { key: 'email', label: t('channel.EMAIL'), id: c.email, ok: Boolean(c.email) && c.emailConsent, consent: c.emailConsent },
    { key: 'push', label: t('channel.PUSH'), id: c.push ? t('member.pushEnabled') : null, ok: c.push, consent: c.push },
  ];
  return (
    <Table
      size="small"
      pagination={false}
      rowKey="key"
      dataSource={rows}
      columns={[
        { key: 'label', title: t('member.channel'), dataIndex: 'label' },
        { key: 'id', title: t('member.identity'), render: (_, r) => r.id ?? <Typography.Text type="secondary">{t('member.noIdentity')}</Typography.Text> },
        { key: 'consent', title: t('member.consent'), render: (_, r) => <Yes on={r.consent} /> },
        {
          key: 'ok',
          title: <MetricLabel label={t('member.reachable')} definition={t('metric.reachable')} />,
          render: (_, r) => (r.ok ? <Tag color="green">{t('common.yes')}</Tag> : <Tag>{t('common.no')}</Tag>),
        },
      ]}
    />
  );
}

function Orders({ id }: { id: string }) {
  const t = useT();
  const [page, setPage] = useState(1);
  const [{ data, fetching, error }] = useQuery({
    query: MemberOrdersDoc,
    variables: { id, first: PAGE, after: cursorBefore((page - 1) * PAGE) },
  });
  const conn = data?.member?.orders;
  if (error) return <Alert type="error" showIcon title={friendlyError(error, t)} />;
  return (
    <Table
      size="small"
      rowKey="id"
      loading={fetching}
      dataSource={conn?.nodes ?? []}
      locale={{ emptyText: <Empty description={t('member.noOrders')} /> }}
      pagination={{ current: page, pageSize: PAGE, total: conn?.totalCount ?? 0, onChange: setPage, showSizeChanger: false }}
      expandable={{
        expandedRowRender: (o) => (
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={o.lines}
            columns={[
              { key: 'kind', title: t('order.lineKind'), render: (_, l) => <Tag>{t(`lineKind.${l.kind}`)}</Tag> },
              { key: 'name', title: t('order.item'), dataIndex: 'name' },
              { key: 'category', title: t('order.category'), render: (_, l) => l.category || '—' },
              { key: 'qty', title: t('order.quantity'), dataIndex: 'quantity', align: 'right' },
              { key: 'unit', title: t('order.unitPrice'), align: 'right', render: (_, l) => fmtMoney(l.unitPrice) },
              { key: 'amount', title: t('order.amount'), align: 'right', render: (_, l) => fmtMoney(l.amount) },
              { key: 'refunded', title: t('order.refunded'), align: 'right', render: (_, l) => (Number(l.refunded) > 0 ? `-${fmtMoney(l.refunded)}` : '—') },
            ]}
          />
        ),
      }}
      columns={[
        { key: 'number', title: t('order.number'), render: (_, o) => <Typography.Text copyable={o.externalId ? { text: o.externalId } : false}>{o.externalId ?? `#${o.id.slice(-6)}`}</Typography.Text> },
        { key: 'orderedAt', title: t('order.placedAt'), render: (_, o) => fmtDateTime(o.orderedAt) },
        { key: 'status', title: t('order.status'), render: (_, o) => <Tag color={o.status === 'PAID' ? 'green' : o.status === 'REFUNDED' ? 'red' : 'orange'}>{t(`orderStatus.${o.status}`)}</Tag> },
        { key: 'items', title: t('order.items'), render: (_, o) => o.lines.map((l) => l.name).join('、') },
        { key: 'total', title: t('order.amount'), align: 'right', render: (_, o) => fmtMoney(o.total) },
        {
          key: 'refunded',
          title: t('order.refunded'),
          align: 'right',
          render: (_, o) => (Number(o.refunded) > 0 ? <Typography.Text type="danger">-{fmtMoney(o.refunded)}</Typography.Text> : '—'),
        },
        { key: 'net', title: <MetricLabel label={t('order.net')} definition={t('metric.orderNet')} />, align: 'right', render: (_, o) => fmtMoney(o.net) },
      ]}
    />
  );
}

function Points({ id }: { id: string }) {
  const t = useT();
  const [page, setPage] = useState(1);
  const [{ data, fetching, error }] = useQuery({
    query: MemberPointsDoc,
    variables: { id, first: PAGE, after: cursorBefore((page - 1) * PAGE) },
  });
  const conn = data?.member?.points;
  if (error) return <Alert type="error" showIcon title={friendlyError(error, t)} />;
  return (
    <Table
      size="small"
      rowKey="id"
      loading={fetching}
      dataSource={conn?.nodes ?? []}
      locale={{ emptyText: <Empty description={t('member.noPoints')} /> }}
      pagination={{ current: page, pageSize: PAGE, total: conn?.totalCount ?? 0, onChange: setPage, showSizeChanger: false }}
      columns={[
        { key: 'occurredAt', title: t('points.occurredAt'), render: (_, p) => fmtDateTime(p.occurredAt) },
        { key: 'reason', title: t('points.reason'), render: (_, p) => <Tag>{p.reason}</Tag> },
        { key: 'note', title: t('points.note'), render: (_, p) => p.note || '—' },
        {
          key: 'delta',
          title: t('points.delta'),
          align: 'right',
          render: (_, p) => <Typography.Text type={p.delta < 0 ? 'danger' : 'success'}>{p.delta > 0 ? `+${p.delta}` : p.delta}</Typography.Text>,
        },
        { key: 'expiresAt', title: t('points.expiresAt'), render: (_, p) => fmtDate(p.expiresAt) },
      ]}
    />
  );
}

function Events({ id }: { id: string }) {
  const t = useT();
  const [page, setPage] = useState(1);
  const [{ data, fetching, error }] = useQuery({
    query: MemberEventsDoc,
    variables: { id, first: PAGE, after: cursorBefore((page - 1) * PAGE) },
  });
  const conn = data?.member?.events;
  if (error) return <Alert type="error" showIcon title={friendlyError(error, t)} />;
  return (
    <Table
      size="small"
      rowKey="id"
      loading={fetching}
      dataSource={conn?.nodes ?? []}
      locale={{ emptyText: <Empty description={t('member.noEvents')} /> }}
      pagination={{ current: page, pageSize: PAGE, total: conn?.totalCount ?? 0, onChange: setPage, showSizeChanger: false }}
      columns={[
        { key: 'occurredAt', title: t('event.occurredAt'), render: (_, e) => fmtDateTime(e.occurredAt) },
        { key: 'type', title: t('event.type'), render: (_, e) => <Tag color="purple">{e.type}</Tag> },
        { key: 'source', title: t('event.source'), render: (_, e) => e.source || '—' },
        {
          key: 'payload',
          title: t('event.payload'),
          render: (_, e) => (
            <Typography.Text code ellipsis style={{ maxWidth: 420 }}>
              {JSON.stringify(e.payload)}
            </Typography.Text>
          ),
        },
      ]}
    />
  );
}

export function MemberPage() {
  const t = useT();
  const { id = '' } = useParams();
  const [{ data, fetching, error }] = useQuery({ query: MemberDoc, variables: { id } });
  const m = data?.member;

  if (fetching && !data) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (error && !data) return <Alert type="error" showIcon title={friendlyError(error, t)} />;
  if (!m) return <Result status="404" title={t('member.notFound')} subTitle={t('member.notFoundHint')} />;

  const attrs = Object.entries((m.customAttributes ?? {}) as Record<string, unknown>);
  return (
    <>
      <PageHeader
        title={
          <Space>
            {m.name}
            {m.tier && <Tag color="gold">{m.tier.name}</Tag>}
          </Space>
        }
        subtitle={m.phone ?? undefined}
        crumbs={[{ to: '/members', label: t('nav.members') }, { label: m.name }]}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} sm={12} lg={6}>
          <Card size="small">
            <Statistic title={<MetricLabel label={t('member.totalSpend')} definition={t('metric.totalSpend')} />} value={fmtMoney(m.totalSpend)} />
          </Card>
        </Col>
        <Col xs={24} sm={12} lg={6}>
          <Card size="small">
            <Statistic title={<MetricLabel label={t('member.orderCount')} definition={t('metric.orderCount')} />} value={fmtInt(m.orderCount)} />
          </Card>
        </Col>
        <Col xs={24} sm={12} lg={6}>
          <Card size="small">
            <Statistic title={<MetricLabel label={t('member.lastPurchaseAt')} definition={t('metric.lastPurchaseAt')} />} value={fmtDate(m.lastPurchaseAt)} />
          </Card>
        </Col>
        <Col xs={24} sm={12} lg={6}>
          <Card size="small">
            <Statistic title={<MetricLabel label={t('member.pointsBalance')} definition={t('metric.pointsBalance')} />} value={fmtInt(m.pointsBalance)} />
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card title={t('member.profile')} size="small">
            <Descriptions column={{ xs: 1, sm: 2 }} size="small">
              <Descriptions.Item label={t('member.gender')}>{t(`gender.${m.gender}`)}</Descriptions.Item>
              <Descriptions.Item label={t('member.birthday')}>{fmtDate(m.birthday)}</Descriptions.Item>
              <Descriptions.Item label={t('member.registeredAt')}>{fmtDateTime(m.registeredAt)}</Descriptions.Item>
              <Descriptions.Item label={t('member.source')}>{m.source}</Descriptions.Item>
              <Descriptions.Item label={t('member.homeStore')}>{m.homeStore?.name ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('member.guide')}>{m.guide?.name ?? t('member.noGuide')}</Descriptions.Item>
              <Descriptions.Item label={<MetricLabel label={t('member.guideFriendSince')} definition={t('metric.guideFriendSince')} />}>
                {fmtDate(m.guideFriendSince)}
              </Descriptions.Item>
              <Descriptions.Item label={<MetricLabel label={t('member.firstVisitAt')} definition={t('metric.firstVisitAt')} />}>
                {fmtDate(m.firstVisitAt)}
              </Descriptions.Item>
              <Descriptions.Item label={t('member.tags')} span={2}>
                {m.tags.length ? m.tags.map((tag) => <Tag key={tag}>{tag}</Tag>) : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('member.customAttributes')} span={2}>
                {attrs.length
                  ? attrs.map(([k, v]) => (
                      <Tag key={k} color="geekblue">
                        {k}: {String(v)}
                      </Tag>
                    ))
                  : '—'}
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={t('member.channels')} size="small">
            <Channels m={m} />
          </Card>
        </Col>
        <Col span={24}>
          <Card size="small">
            <Tabs
              items={[
                { key: 'orders', label: t('member.tabOrders'), children: <Orders id={m.id} /> },
                {
                  key: 'cards',
                  label: t('member.tabCards', { count: m.cards.length }),
                  children: (
                    <Table
                      size="small"
                      rowKey="id"
                      pagination={false}
                      dataSource={m.cards}
                      locale={{ emptyText: <Empty description={t('member.noCards')} /> }}
                      columns={[
                        { key: 'product', title: t('card.product'), render: (_, c) => c.product.name },
                        { key: 'kind', title: t('card.kind'), render: (_, c) => <Tag color={c.product.kind === 'PUNCH' ? 'cyan' : 'blue'}>{t(`cardKind.${c.product.kind}`)}</Tag> },
                        {
                          key: 'left',
                          title: t('card.left'),
                          align: 'right',
                          render: (_, c) => (c.product.kind === 'PUNCH' ? t('card.uses', { count: c.remainingUses ?? 0 }) : fmtMoney(c.balance)),
                        },
                        { key: 'issuedAt', title: t('card.issuedAt'), render: (_, c) => fmtDate(c.issuedAt) },
                        {
                          key: 'expiresAt',
                          title: t('card.expiresAt'),
                          render: (_, c) => (
                            <Space>
                              {c.expiresAt ? fmtDate(c.expiresAt) : t('card.noExpiry')}
                              {c.expired && <Tag color="red">{t('card.expired')}</Tag>}
                            </Space>
                          ),
                        },
                      ]}
                    />
                  ),
                },
                { key: 'points', label: t('member.tabPoints'), children: <Points id={m.id} /> },
                { key: 'segments', label: t('member.tabSegments'), children: <MemberSegmentsTab memberId={m.id} /> },
                { key: 'events', label: t('member.tabEvents'), children: <Events id={m.id} /> },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
