import { Link } from 'react-router';
import { useQuery } from 'urql';
import { Alert, Empty, Table, Tag } from 'antd';
import { graphql } from '../../gql';
import { useT } from '../../i18n';
import { friendlyError } from '../../lib/errors';
import { fmtDateTime, fmtInt } from '../../lib/format';
import { MetricLabel } from '../../components/MetricLabel';

const MemberSegmentsDoc = graphql(`
  query MemberSegments($id: ID!) {
    member(id: $id) {
      id
      segments {
        id
        name
        kind
        memberCount
        lastRefreshedAt
      }
    }
  }
`);

export function MemberSegmentsTab({ memberId }: { memberId: string }) {
  const t = useT();
  const [{ data, fetching, error }] = useQuery({ query: MemberSegmentsDoc, variables: { id: memberId } });
  if (error) return <Alert type="error" showIcon title={friendlyError(error, t)} />;
  return (
    <Table
      size="small"
      rowKey="id"
      loading={fetching}
      pagination={false}
      dataSource={data?.member?.segments ?? []}
      locale={{ emptyText: <Empty description={t('member.noSegments')} /> }}
      columns={[
        { key: 'name', title: t('segment.name'), render: (_, r) => <Link to={`/segments/${encodeURIComponent(r.id)}`}>{r.name}</Link> },
        { key: 'kind', title: t('segment.kind'), render: (_, r) => <Tag color={r.kind === 'SMART' ? 'purple' : 'blue'}>{t(`segmentKind.${r.kind}`)}</Tag> },
        { key: 'count', title: <MetricLabel label={t('segment.memberCount')} definition={t('metric.memberCount')} />, align: 'right', render: (_, r) => fmtInt(r.memberCount) },
        { key: 'refreshed', title: <MetricLabel label={t('segment.lastRefreshedAt')} definition={t('metric.lastRefreshedAt')} />, render: (_, r) => fmtDateTime(r.lastRefreshedAt) },
      ]}
    />
  );
}
