import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useQuery } from 'urql';
import { Alert, Button, Card, Empty, Input, Segmented, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { LockOutlined, PlusOutlined, ReloadOutlined, WarningOutlined } from '@ant-design/icons';
import { graphql } from '../../gql';
import type { SegmentKind, SegmentsQuery } from '../../gql/graphql';
import { useT } from '../../i18n';
import { friendlyError } from '../../lib/errors';
import { cursorBefore, fmtDateTime, fmtDuration, fmtInt } from '../../lib/format';
import { MetricLabel } from '../../components/MetricLabel';
import { PageHeader } from '../../components/PageHeader';
import { useRefreshSegment } from './refresh';
import { useViewer } from '../../auth/viewer';
import { SegmentOwner } from './SegmentOwner';

const SegmentsDoc = graphql(`
  query Segments($first: Int, $after: String, $search: String, $kind: SegmentKind) {
    segments(first: $first, after: $after, search: $search, kind: $kind) {
      totalCount
      nodes {
        id
        name
        description
        kind
        memberCount
        lastRefreshedAt
        lastRefreshMs
        refreshSlow
        updatedAt
        company {
          id
          name
        }
        viewerCanChange
      }
    }
  }
`);

type Row = SegmentsQuery['segments']['nodes'][number];
const PAGE = 20;

export function SegmentsPage() {
  const t = useT();
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState('');
  const [kind, setKind] = useState<SegmentKind | 'ALL'>('ALL');
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: SegmentsDoc,
    variables: { first: PAGE, after: cursorBefore((page - 1) * PAGE), search: search || undefined, kind: kind === 'ALL' ? undefined : kind },
  });
  const { run, running } = useRefreshSegment(() => reexecute({ requestPolicy: 'network-only' }));
  // store managers and guides read segments; only viewers with segments:write create them
  const canCreate = useViewer().viewer.scopes.includes('segments:write');

  return (
    <>
      <PageHeader
        title={t('nav.segments')}
        subtitle={t('segments.subtitle')}
        extra={
          canCreate && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/segments/new')} data-testid="segment-new">
              {t('segments.new')}
            </Button>
          )
        }
      />
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Input.Search allowClear placeholder={t('segments.searchPlaceholder')} onSearch={(v) => { setSearch(v.trim()); setPage(1); }} style={{ width: 260 }} />
          <Segmented<SegmentKind | 'ALL'>
            value={kind}
            onChange={(v) => {
              setKind(v);
              setPage(1);
            }}
            options={[
              { value: 'ALL', label: t('segments.kindAll') },
              { value: 'CUSTOM', label: t('segmentKind.CUSTOM') },
              { value: 'SMART', label: t('segmentKind.SMART') },
            ]}
          />
        </Space>
        {error && <Alert type="error" showIcon title={friendlyError(error, t)} style={{ marginBottom: 16 }} />}
        <Table<Row>
          rowKey="id"
          loading={fetching}
          dataSource={data?.segments.nodes ?? []}
          locale={{
            emptyText: (
              <Empty description={search ? t('segments.emptySearch') : t('segments.empty')}>
                {!search && canCreate && (
                  <Button type="primary" onClick={() => navigate('/segments/new')}>
                    {t('segments.new')}
                  </Button>
                )}
              </Empty>
            ),
          }}
          pagination={{ current: page, pageSize: PAGE, total: data?.segments.totalCount ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (n) => t('segments.total', { count: n }) }}
          columns={[
            {
              key: 'name',
              title: t('segment.name'),
              render: (_, s) => (
                <Space direction="vertical" size={0}>
                  <Link to={`/segments/${encodeURIComponent(s.id)}`}>{s.name}</Link>
                  {s.description && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{s.description}</Typography.Text>}
                </Space>
              ),
            },
            {
              key: 'kind',
              title: t('segment.kind'),
              render: (_, s) => <Tag color={s.kind === 'SMART' ? 'purple' : 'blue'}>{t(`segmentKind.${s.kind}`)}</Tag>,
            },
            {
              key: 'owner',
              title: <MetricLabel label={t('segment.owner')} definition={t('segment.ownerHint')} />,
              render: (_, s) => <SegmentOwner company={s.company} />,
            },
            {
              key: 'count',
              title: <MetricLabel label={t('segment.memberCount')} definition={t('metric.memberCount')} />,
              align: 'right',
              render: (_, s) => <Typography.Text strong>{fmtInt(s.memberCount)}</Typography.Text>,
            },
            {
              key: 'refreshed',
              title: <MetricLabel label={t('segment.lastRefreshedAt')} definition={t('metric.lastRefreshedAt')} />,
              render: (_, s) => (s.lastRefreshedAt ? fmtDateTime(s.lastRefreshedAt) : <Typography.Text type="secondary">{t('segment.neverRefreshed')}</Typography.Text>),
            },
            {
              key: 'took',
              title: <MetricLabel label={t('segment.buildTime')} definition={t('metric.buildTime')} />,
              align: 'right',
              render: (_, s) => (
                <Space>
                  {fmtDuration(s.lastRefreshMs)}
                  {s.refreshSlow && (
                    <Tooltip title={t('segment.slowHint')}>
                      <Tag color="orange" icon={<WarningOutlined />}>
                        {t('segment.slow')}
                      </Tag>
                    </Tooltip>
                  )}
                </Space>
              ),
            },
            {
              key: 'actions',
              title: '',
              align: 'right',
              render: (_, s) => (
                <Space>
                  {!s.viewerCanChange && (
                    <Tooltip title={t('segment.readOnlyHint')}>
                      <Tag icon={<LockOutlined />} data-testid="segment-read-only">{t('segment.readOnly')}</Tag>
                    </Tooltip>
                  )}
                  {s.viewerCanChange && (
                    <Button size="small" icon={<ReloadOutlined />} loading={running === s.id} onClick={() => run(s.id, s.name)}>
                      {t('segment.refresh')}
                    </Button>
                  )}
                  {s.kind !== 'SMART' && s.viewerCanChange && (
                    <Button size="small" onClick={() => navigate(`/segments/${encodeURIComponent(s.id)}/edit`)}>
                      {t('common.edit')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </>
  );
}
