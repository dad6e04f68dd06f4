import { useState } from 'react';
import { useQuery } from 'urql';
import { Alert, Button, Select, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { graphql } from '../../gql';
import type { Channel, MessageOutcome, MessagesQuery } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/messages';
import { friendlyError } from '../../lib/errors';
import { fmtDateTime } from '../../lib/format';
import { PageHeader } from '../../components/PageHeader';

const MessagesDoc = graphql(`
  query Messages($first: Int, $after: String, $filter: MessageFilter) {
    messages(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { id senderType senderId channel outcome reason text decidedAt member { id name } }
    }
    messageOutcomeCounts(filter: $filter) { senderType senderId senderName outcome count }
  }
`);

const OUTCOMES: MessageOutcome[] = ['QUEUED', 'SENT', 'DELIVERED', 'FAILED', 'CAPPED', 'DEFERRED', 'QUIET_SKIPPED', 'UNREACHABLE', 'NO_CONSENT', 'HELD_OUT'];
const CHANNELS: Channel[] = ['SMS', 'WECHAT', 'WECOM', 'EMAIL', 'PUSH'];
const COLOURS: Partial<Record<MessageOutcome, string>> = {
  QUEUED: 'blue', SENT: 'green', DELIVERED: 'green', FAILED: 'red', CAPPED: 'orange', DEFERRED: 'gold',
  QUIET_SKIPPED: 'purple', UNREACHABLE: 'default', NO_CONSENT: 'default', HELD_OUT: 'cyan',
};
type Row = MessagesQuery['messages']['nodes'][number];

/** The message log: every candidate message, its outcome and the rule that decided it. */
export function MessagesPage() {
  const { t } = useI18n();
  const [outcome, setOutcome] = useState<MessageOutcome | null>(null);
  const [channel, setChannel] = useState<Channel | null>(null);
  const [after, setAfter] = useState<string | null>(null);
  const [earlier, setEarlier] = useState<Row[]>([]);
  const filter = { outcomes: outcome ? [outcome] : null, channel };
  const [{ data, fetching, error }] = useQuery({ query: MessagesDoc, variables: { first: 50, after, filter } });
  const rows = [...earlier, ...(data?.messages.nodes ?? [])];
  const totals = new Map<MessageOutcome, number>();
  for (const c of data?.messageOutcomeCounts ?? []) totals.set(c.outcome, (totals.get(c.outcome) ?? 0) + c.count);
  const reset = () => { setAfter(null); setEarlier([]); };
  return (
    <>
      <PageHeader title={t('messages.title')} subtitle={t('messages.subtitle')} />
      {error && <Alert type="error" message={friendlyError(error, t)} />}
      <Space wrap style={{ marginBottom: 12 }}>
        <Select allowClear style={{ width: 180 }} placeholder={t('messages.anyOutcome')} value={outcome} data-testid="messages-outcome"
          onChange={(v: MessageOutcome | undefined) => { setOutcome(v ?? null); reset(); }}
          options={OUTCOMES.map((o) => ({ value: o, label: t(`outcome.${o}` as MessageKey) }))} />
        <Select allowClear style={{ width: 200 }} placeholder={t('messages.anyChannel')} value={channel}
          onChange={(v: Channel | undefined) => { setChannel(v ?? null); reset(); }}
          options={CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}` as MessageKey) }))} />
        <Typography.Text type="secondary" data-testid="messages-total">{t('messages.total', { count: data?.messages.totalCount ?? 0 })}</Typography.Text>
      </Space>
      <div style={{ marginBottom: 12 }} data-testid="messages-counts">
        {[...totals].map(([o, n]) => <Tag key={o} color={COLOURS[o]}>{t(`outcome.${o}` as MessageKey)} {n}</Tag>)}
      </div>
      <Table<Row> rowKey="id" size="small" loading={fetching} dataSource={rows} pagination={false} data-testid="messages-table"
        columns={[
          { title: t('messages.time'), dataIndex: 'decidedAt', render: (d: string | null) => fmtDateTime(d), width: 170 },
          { title: t('messages.member'), render: (_, r) => <Link to={`/members/${encodeURIComponent(r.member.id)}`}>{r.member.name}</Link> },
          { title: t('messages.channel'), dataIndex: 'channel', render: (c: Channel) => (c === 'WEBHOOK' ? c : t(`channel.${c}` as MessageKey)) },
          { title: t('messages.sender'), render: (_, r) => `${r.senderType}${r.senderId != null ? ` #${r.senderId}` : ''}` },
          { title: t('messages.outcome'), dataIndex: 'outcome', render: (o: MessageOutcome) => <Tag color={COLOURS[o]}>{t(`outcome.${o}` as MessageKey)}</Tag> },
          { title: t('messages.reason'), dataIndex: 'reason', ellipsis: true },
          { title: t('messages.text'), dataIndex: 'text', ellipsis: true },
        ]} />
      {data?.messages.pageInfo.hasNextPage && (
        <Button style={{ marginTop: 12 }} data-testid="messages-more"
          onClick={() => { setEarlier(rows); setAfter(data.messages.pageInfo.endCursor ?? null); }}>{t('messages.more')}</Button>
      )}
    </>
  );
}
