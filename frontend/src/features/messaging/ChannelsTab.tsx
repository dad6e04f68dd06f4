import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Switch, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { graphql } from '../../gql';
import type { Channel, ChannelProviderKind, ChannelProvidersQuery } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/messages';
import { friendlyError } from '../../lib/errors';
import { fmtDateTime } from '../../lib/format';
import { settingsMessage as serverMessage } from '../settings/serverMessages';

const ChannelProvidersDoc = graphql(`
  query ChannelProviders {
    channelProviders { id channel kind companyId companyName url host port username sender useTls timeoutSeconds secretSet receiptPath updatedAt }
  }
`);

const ChannelProviderSetDoc = graphql(`
  mutation ChannelProviderSet($input: ChannelProviderSetInput!) {
    channelProviderSet(input: $input) { channelProvider { id secretSet } userErrors { field message code } }
  }
`);

const ChannelProviderDeleteDoc = graphql(`
  mutation ChannelProviderDelete($id: ID!) {
    channelProviderDelete(id: $id) { deletedId userErrors { field message code } }
  }
`);

const CHANNELS: Channel[] = ['SMS', 'WECHAT', 'WECOM', 'EMAIL', 'PUSH', 'WEBHOOK'];
type Row = ChannelProvidersQuery['channelProviders'][number];
interface Values {
  channel: Channel; kind: ChannelProviderKind; url: string; host: string; port: number | null; username: string;
  sender: string; secret: string; useTls: boolean; timeoutSeconds: number;
}
const FIELDS = ['channel', 'kind', 'url', 'host', 'port', 'username', 'sender', 'secret', 'useTls', 'timeoutSeconds'];

const channelLabel = (c: Channel, t: (k: MessageKey) => string) => (c === 'WEBHOOK' ? 'Webhook' : t(`channel.${c}` as MessageKey));

/** Settings → channel providers: where each channel's messages go; secrets are write-only. */
export function ChannelsTab() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [{ data, fetching, error }, refetch] = useQuery({ query: ChannelProvidersDoc });
  const [, set] = useMutation(ChannelProviderSetDoc);
  const [, remove] = useMutation(ChannelProviderDeleteDoc);
  const [form] = Form.useForm<Values>();
  const [open, setOpen] = useState<Row | null | undefined>(undefined);
  const [general, setGeneral] = useState<string[]>([]);
  const kind = Form.useWatch('kind', form);

  const [init, setInit] = useState<Values | null>(null);
  const edit = (row: Row | null) => {
    setGeneral([]);
    setInit(row
      ? { channel: row.channel, kind: row.kind, url: row.url, host: row.host, port: row.port ?? null, username: row.username,
          sender: row.sender, secret: '', useTls: row.useTls, timeoutSeconds: row.timeoutSeconds }
      : { channel: 'SMS', kind: 'HTTP', url: '', host: '', port: null, username: '', sender: '', secret: '', useTls: false, timeoutSeconds: 10 });
    setOpen(row);
  };

  const save = async () => {
    const v = await form.validateFields();
    const res = await set({ input: { ...v, companyId: open?.companyId ?? null, port: v.port ?? null, secret: v.secret ? v.secret : null,
      url: v.url ?? '', host: v.host ?? '', username: v.username ?? '', sender: v.sender ?? '' } });
    const payload = res.data?.channelProviderSet;
    if (res.error || !payload) return setGeneral([res.error ? friendlyError(res.error, t) ?? t('error.unexpected') : t('error.unexpected')]);
    const onField = payload.userErrors.filter((e) => FIELDS.includes(e.field?.[1] ?? ''));
    form.setFields(FIELDS.map((f) => ({ name: f as keyof Values, errors: onField.filter((e) => e.field?.[1] === f).map((e) => serverMessage(e.message, locale)) })));
    setGeneral(payload.userErrors.filter((e) => !onField.includes(e)).map((e) => serverMessage(e.message, locale)));
    if (payload.userErrors.length) return;
    message.success(t('channels.saved'));
    setOpen(undefined);
    refetch({ requestPolicy: 'network-only' });
  };

  const del = async (row: Row) => {
    const res = await remove({ id: row.id });
    const errs = res.data?.channelProviderDelete.userErrors ?? [];
    if (res.error || errs.length) message.error(res.error ? friendlyError(res.error, t) : errs.map((e) => serverMessage(e.message, locale)).join(' '));
    else refetch({ requestPolicy: 'network-only' });
  };

  if (error) return <Alert type="error" message={friendlyError(error, t)} />;
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => edit(null)} data-testid="provider-new">{t('channels.new')}</Button>
      </Space>
      <Table<Row> rowKey="id" size="small" loading={fetching} dataSource={data?.channelProviders ?? []} pagination={false} data-testid="providers-table"
        columns={[
          { title: t('fatigue.channel'), dataIndex: 'channel', render: (c: Channel) => channelLabel(c, t) },
          { title: t('channels.owner'), render: (_, r) => r.companyName ?? t('channels.hq') },
          { title: t('channels.kind'), dataIndex: 'kind', render: (k: ChannelProviderKind) => <Tag>{k}</Tag> },
          { title: t('channels.address'), render: (_, r) => (r.kind === 'SMTP' ? `${r.host}:${r.port ?? 25}` : r.url), ellipsis: true },
          { title: t('channels.sender'), dataIndex: 'sender' },
          { title: t('channels.secret'), dataIndex: 'secretSet', render: (s: boolean) => (s ? <Tag color="green">{t('channels.secretSet')}</Tag> : <Tag>{t('channels.secretNotSet')}</Tag>) },
          { title: t('templates.updated'), dataIndex: 'updatedAt', render: (d: string) => fmtDateTime(d) },
          { title: '', render: (_, r) => (
            <Space>
              <Button size="small" onClick={() => edit(r)}>{t('channels.editButton')}</Button>
              <Popconfirm title={t('channels.deleteConfirm')} onConfirm={() => del(r)}><Button size="small" danger>{t('fatigue.remove')}</Button></Popconfirm>
            </Space>
          ) },
        ]} />
      <Modal open={open !== undefined} title={open ? t('channels.edit') : t('channels.new')} onCancel={() => setOpen(undefined)} onOk={save}
        okText={t('templates.save')} destroyOnHidden data-testid="provider-form">
        {general.length > 0 && <Alert type="error" message={general.join(' ')} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" preserve={false} initialValues={init ?? undefined}>
          <Form.Item name="channel" label={t('fatigue.channel')}><Select disabled={!!open} options={CHANNELS.map((c) => ({ value: c, label: channelLabel(c, t) }))} /></Form.Item>
          <Form.Item name="kind" label={t('channels.kind')}><Select options={[{ value: 'HTTP', label: 'HTTPS (signed JSON)' }, { value: 'SMTP', label: 'SMTP' }]} /></Form.Item>
          {kind === 'SMTP' ? (
            <>
              <Form.Item name="host" label={t('channels.host')}><Input /></Form.Item>
              <Form.Item name="port" label={t('channels.port')}><InputNumber style={{ width: '100%' }} /></Form.Item>
              <Form.Item name="username" label={t('channels.username')}><Input /></Form.Item>
              <Form.Item name="useTls" label="TLS" valuePropName="checked"><Switch /></Form.Item>
            </>
          ) : (
            <Form.Item name="url" label="URL"><Input placeholder="https://" data-testid="provider-url" /></Form.Item>
          )}
          <Form.Item name="sender" label={t('channels.sender')}><Input /></Form.Item>
          <Form.Item name="secret" label={t('channels.secret')} extra={open?.secretSet ? t('channels.secretKeep') : t('channels.secretHelp')}>
            <Input.Password autoComplete="new-password" data-testid="provider-secret" />
          </Form.Item>
          <Form.Item name="timeoutSeconds" label={t('channels.timeout')}><InputNumber style={{ width: '100%' }} step={0.5} /></Form.Item>
        </Form>
      </Modal>
    </>
  );
}
