import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { Alert, App, Button, Card, Col, Empty, Popconfirm, Result, Row, Skeleton, Space, Statistic, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, LockOutlined, ReloadOutlined, WarningOutlined } from '@ant-design/icons';
import { graphql } from '../../gql';
import { useT } from '../../i18n';
import { friendlyError } from '../../lib/errors';
import { cursorBefore, fmtDateTime, fmtDuration, fmtInt, fmtMoney } from '../../lib/format';
import { MetricLabel } from '../../components/MetricLabel';
import { PageHeader } from '../../components/PageHeader';
import { RuleBuilder } from './rules/RuleBuilder';
import { fromRuleInput } from './rules/convert';
import { useRuleOptions } from './options';
import { useRefreshSegment } from './refresh';
import { SizeChart } from './SizeChart';
import { SegmentOwner } from './SegmentOwner';

const SegmentDoc = graphql(`
  query Segment($id: ID!) {
    segment(id: $id) {
      id
      name
      description
      kind
      rule
      memberCount
      lastRefreshedAt
      lastRefreshMs
      refreshSlow
      createdAt
      updatedAt
      company {
        id
        name
      }
      viewerCanChange
      sizeHistory(last: 60) {
        at
        trigger
        memberCount
        entered
        exited
        durationMs
        slow
      }
    }
  }
`);

const SegmentMembersDoc = graphql(`
  query SegmentMembers($id: ID!, $first: Int, $after: String) {
    segment(id: $id) {
      id
      members(first: $first, after: $after) {
        totalCount
        nodes {
          id
          name
          phone
          tier {
            name
          }
          homeStore {
            name
          }
          lastPurchaseAt
          totalSpend
        }
      }
    }
  }
`);

const SegmentDeleteDoc = graphql(`
  mutation SegmentDelete($id: ID!) {
    segmentDelete(id: $id) {
      userErrors {
        field
        message
      }
    }
  }
`);

const PAGE = 20;

function Members({ id }: { id: string }) {
  const t = useT();
  const [page, setPage] = useState(1);
  const [{ data, fetching, error }] = useQuery({
    query: SegmentMembersDoc,
    variables: { id, first: PAGE, after: cursorBefore((page - 1) * PAGE) },
    requestPolicy: 'cache-and-network',
  });
  const conn = data?.segment?.members;
  if (error) return <Alert type="error" showIcon title={friendlyError(error, t)} />;
  return (
    <Table
      size="small"
      rowKey="id"
      loading={fetching}
      dataSource={conn?.nodes ?? []}
      locale={{ emptyText: <Empty description={t('segment.noMembers')} /> }}
      pagination={{ current: page, pageSize: PAGE, total: conn?.totalCount ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (n) => t('members.total', { count: fmtInt(n) }) }}
      columns={[
        { key: 'name', title: t('member.name'), render: (_, r) => <Link to={`/members/${encodeURIComponent(r.id)}`}>{r.name}</Link> },
        { key: 'phone', title: t('member.phone'), render: (_, r) => r.phone ?? '—' },
        { key: 'tier', title: t('member.tier'), render: (_, r) => (r.tier ? <Tag color="gold">{r.tier.name}</Tag> : '—') },
        { key: 'store', title: t('member.homeStore'), render: (_, r) => r.homeStore?.name ?? '—' },
        { key: 'last', title: t('member.lastPurchaseAt'), render: (_, r) => fmtDateTime(r.lastPurchaseAt) },
        { key: 'spend', title: t('member.totalSpend'), align: 'right', render: (_, r) => fmtMoney(r.totalSpend) },
      ]}
    />
  );
}

export function SegmentDetailPage() {
  const t = useT();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [version, setVersion] = useState(0);
  const [{ data, fetching, error }, reexecute] = useQuery({ query: SegmentDoc, variables: { id } });
  const { options } = useRuleOptions();
  const { run, running } = useRefreshSegment(() => {
    reexecute({ requestPolicy: 'network-only' });
    setVersion((v) => v + 1);
  });
  const [{ fetching: deleting }, del] = useMutation(SegmentDeleteDoc);
  const s = data?.segment;
  const tree = useMemo(() => {
    try {
      return s ? fromRuleInput(s.rule as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }, [s]);

  if (fetching && !data) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (error && !data) return <Alert type="error" showIcon title={friendlyError(error, t)} />;
  if (!s) return <Result status="404" title={t('segment.notFound')} extra={<Button onClick={() => navigate('/segments')}>{t('common.back')}</Button>} />;

  const remove = async () => {
    const res = await del({ id: s.id });
    const errs = res.data?.segmentDelete.userErrors ?? [];
    if (res.error || errs.length) {
      message.error(res.error ? (friendlyError(res.error, t) ?? '') : errs.map((e) => e.message).join(' '));
      return;
    }
    message.success(t('segment.deleted', { name: s.name }));
    navigate('/segments');
  };

  return (
    <>
      <PageHeader
        title={
          <Space>
            {s.name}
            <Tag color={s.kind === 'SMART' ? 'purple' : 'blue'}>{t(`segmentKind.${s.kind}`)}</Tag>
            <SegmentOwner company={s.company} />
          </Space>
        }
        subtitle={s.description || undefined}
        crumbs={[{ to: '/segments', label: t('nav.segments') }, { label: s.name }]}
        extra={
          <>
            {!s.viewerCanChange && (
              <Tooltip title={t('segment.readOnlyHint')}>
                <Tag icon={<LockOutlined />} data-testid="segment-read-only">{t('segment.readOnly')}</Tag>
              </Tooltip>
            )}
            {s.viewerCanChange && (
              <Button icon={<ReloadOutlined />} loading={running === s.id} onClick={() => run(s.id, s.name)} data-testid="segment-refresh">
                {t('segment.refresh')}
              </Button>
            )}
            {s.kind !== 'SMART' && s.viewerCanChange && (
              <>
                <Button icon={<EditOutlined />} onClick={() => navigate(`/segments/${encodeURIComponent(s.id)}/edit`)}>
                  {t('common.edit')}
                </Button>
                <Popconfirm title={t('segment.deleteConfirm', { name: s.name })} okText={t('common.delete')} cancelText={t('common.cancel')} okButtonProps={{ danger: true, loading: deleting }} onConfirm={remove}>
                  <Button danger icon={<DeleteOutlined />}>
                    {t('common.delete')}
                  </Button>
                </Popconfirm>
              </>
            )}
          </>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} sm={8}>
          <Card size="small">
            <Statistic title={<MetricLabel label={t('segment.memberCount')} definition={t('metric.memberCount')} />} value={fmtInt(s.memberCount)} valueRender={(v) => <span data-testid="segment-member-count">{v}</span>} />
          </Card>
        </Col>
        <Col xs={24} sm={8}>
          <Card size="small">
            <Statistic
              title={<MetricLabel label={t('segment.lastRefreshedAt')} definition={t('metric.lastRefreshedAt')} />}
              value={s.lastRefreshedAt ? fmtDateTime(s.lastRefreshedAt) : t('segment.neverRefreshed')}
              valueRender={(v) => <span data-testid="segment-last-refresh">{v}</span>}
            />
          </Card>
        </Col>
        <Col xs={24} sm={8}>
          <Card size="small">
            <Statistic
              title={<MetricLabel label={t('segment.buildTime')} definition={t('metric.buildTime')} />}
              value={fmtDuration(s.lastRefreshMs)}
              suffix={s.refreshSlow ? <Tag color="orange" icon={<WarningOutlined />}>{t('segment.slow')}</Tag> : null}
            />
          </Card>
        </Col>
        <Col span={24}>
          <Card size="small">
            <Tabs
              items={[
                { key: 'members', label: t('segment.tabMembers'), children: <Members key={version} id={s.id} /> },
                {
                  key: 'history',
                  label: t('segment.sizeHistory'),
                  children: (
                    <>
                      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                        <MetricLabel label={t('segment.sizeHistory')} definition={t('metric.sizeHistory')} />
                      </Typography.Paragraph>
                      <SizeChart points={s.sizeHistory} />
                    </>
                  ),
                },
                {
                  key: 'rule',
                  label: t('segment.rule'),
                  children: tree ? <RuleBuilder value={tree} onChange={() => undefined} options={options} readOnly /> : <Alert type="warning" showIcon title={t('segment.ruleUnreadable')} />,
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
