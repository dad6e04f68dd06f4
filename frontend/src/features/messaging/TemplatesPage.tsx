import { useEffect, useRef, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { Alert, App, Button, Card, Col, Dropdown, Form, Input, Row, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { graphql } from '../../gql';
import type { TemplateChannel } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/messages';
import { friendlyError } from '../../lib/errors';
import { fmtDateTime } from '../../lib/format';
import { PageHeader } from '../../components/PageHeader';
import { settingsMessage as serverMessage } from '../settings/serverMessages';
import { mediaProblem, smsInfo } from './sms';

const TemplatesDoc = graphql(`
  query Templates($first: Int, $after: String) {
    templates(first: $first, after: $after) {
      totalCount
      nodes { id name channel subject text updatedAt smsLength smsSegments media { id filename kind url } }
    }
    templateParameters { name description descriptionZh example }
  }
`);

const TemplateCreateDoc = graphql(`
  mutation TemplateCreate($input: TemplateCreateInput!) {
    templateCreate(input: $input) { template { id } userErrors { field message code } }
  }
`);

const TemplateUpdateDoc = graphql(`
  mutation TemplateUpdate($id: ID!, $input: TemplateUpdateInput!) {
    templateUpdate(id: $id, input: $input) { template { id } userErrors { field message code } }
  }
`);

const PreviewMembersDoc = graphql(`
  query PreviewMembers($first: Int) { members(first: $first) { nodes { id name } } }
`);

const TemplatePreviewDoc = graphql(`
  query TemplatePreview($templateId: ID!, $memberId: ID!) {
    templatePreview(templateId: $templateId, memberId: $memberId) {
      channel subject text smsLength smsSegments smsEncoding posterUrl media { id url kind filename }
    }
  }
`);

const CHANNELS: TemplateChannel[] = ['ANY', 'SMS', 'WECHAT', 'WECOM', 'EMAIL', 'PUSH'];
interface Values { name: string; channel: TemplateChannel; subject: string; text: string }
interface Media { id: string; filename: string }

/** Upload one file as a GraphQL multipart request (the spec's operations / map / file parts). */
async function uploadMedia(file: File, templateId: string | null): Promise<{ media: Media | null; error: string | null }> {
  const body = new FormData();
  body.append('operations', JSON.stringify({
    query: 'mutation($file: Upload!, $t: ID) { templateMediaUpload(file: $file, templateId: $t) { media { id filename } userErrors { message } } }',
    variables: { file: null, t: templateId },
  }));
  body.append('map', JSON.stringify({ '0': ['variables.file'] }));
  body.append('0', file);
  const res = await fetch('/graphql', { method: 'POST', body, credentials: 'same-origin', headers: { 'X-Rapport-Client': 'admin' } });
  const json = (await res.json()) as { data?: { templateMediaUpload?: { media: Media | null; userErrors: { message: string }[] } }; errors?: { message: string }[] };
  const payload = json.data?.templateMediaUpload;
  const error = json.errors?.[0]?.message ?? payload?.userErrors[0]?.message ?? null;
  return { media: payload?.media ?? null, error };
}

/** Message templates: the list, an editor with parameters, SMS length and media, and a member preview. */
export function TemplatesPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [{ data, error }, refetch] = useQuery({ query: TemplatesDoc, variables: { first: 100 } });
  const [{ data: members }] = useQuery({ query: PreviewMembersDoc, variables: { first: 20 } });
  const [, create] = useMutation(TemplateCreateDoc);
  const [, update] = useMutation(TemplateUpdateDoc);
  const [form] = Form.useForm<Values>();
  const [editing, setEditing] = useState<string | null | undefined>(undefined); // undefined: closed, null: new
  const [media, setMedia] = useState<Media[]>([]);
  const [general, setGeneral] = useState<string[]>([]);
  const [memberId, setMemberId] = useState<string | null>(null);
  const text = Form.useWatch('text', form) ?? '';
  const area = useRef<TextAreaRef>(null);
  const templates = data?.templates.nodes ?? [];
  const [{ data: preview, fetching: previewing }] = useQuery({
    query: TemplatePreviewDoc,
    variables: { templateId: editing ?? '', memberId: memberId ?? '' },
    pause: !editing || !memberId,
    requestPolicy: 'network-only',
  });

  // the form is filled once per template opened (a template just created is filled once the list has it)
  const filled = useRef<string | null | undefined>(undefined);
  const current = editing ? templates.find((x) => x.id === editing) : undefined;
  useEffect(() => {
    if (editing === undefined || filled.current === editing || (editing && !current)) return;
    filled.current = editing;
    if (editing === null) {
      form.setFieldsValue({ name: '', channel: 'ANY', subject: '', text: '' });
      setMedia([]);
    } else if (current) {
      form.setFieldsValue({ name: current.name, channel: current.channel, subject: current.subject, text: current.text });
      setMedia(current.media.map((m) => ({ id: m.id, filename: m.filename })));
    }
    setGeneral([]);
  }, [editing, current, form]);

  const insert = (name: string) => {
    const el = area.current?.resizableTextArea?.textArea;
    const at = el ? el.selectionStart : text.length;
    const end = el ? el.selectionEnd : text.length;
    form.setFieldValue('text', `${text.slice(0, at)}{${name}}${text.slice(end)}`);
    requestAnimationFrame(() => { el?.focus(); el?.setSelectionRange(at + name.length + 2, at + name.length + 2); });
  };

  const save = async () => {
    const v = await form.validateFields();
    const input = { name: v.name, channel: v.channel, subject: v.subject || null, text: v.text ?? '', mediaIds: media.map((m) => m.id) };
    const res = editing ? await update({ id: editing, input }) : await create({ input });
    const payload = editing ? res.data && 'templateUpdate' in res.data ? res.data.templateUpdate : null
      : res.data && 'templateCreate' in res.data ? res.data.templateCreate : null;
    if (res.error || !payload) return setGeneral([res.error ? friendlyError(res.error, t) ?? t('error.unexpected') : t('error.unexpected')]);
    const fields = new Set(['name', 'channel', 'subject', 'text']);
    form.setFields([...fields].map((f) => ({ name: f as keyof Values, errors: payload.userErrors.filter((e) => e.field?.[1] === f).map((e) => serverMessage(e.message, locale)) })));
    setGeneral(payload.userErrors.filter((e) => !fields.has(e.field?.[1] ?? '')).map((e) => serverMessage(e.message, locale)));
    if (payload.userErrors.length) return;
    message.success(t('templates.saved'));
    if (payload.template) {
      filled.current = payload.template.id;
      setEditing(payload.template.id);
    }
    refetch({ requestPolicy: 'network-only' });
  };

  const sms = smsInfo(text);
  const p = preview?.templatePreview;
  return (
    <>
      <PageHeader title={t('templates.title')} subtitle={t('templates.subtitle')}
        extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="template-new">{t('templates.new')}</Button>} />
      {error && <Alert type="error" message={friendlyError(error, t)} />}
      <Table rowKey="id" size="small" dataSource={templates} pagination={false} data-testid="templates-table"
        onRow={(r) => ({ onClick: () => setEditing(r.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('templates.name'), dataIndex: 'name' },
          { title: t('templates.channel'), dataIndex: 'channel', render: (c: TemplateChannel) => <Tag>{c}</Tag> },
          { title: t('templates.text'), dataIndex: 'text', ellipsis: true },
          { title: 'SMS', render: (_: unknown, r) => `${r.smsLength} / ${r.smsSegments}` },
          { title: t('templates.updated'), dataIndex: 'updatedAt', render: (d: string) => fmtDateTime(d) },
        ]} />
      {editing !== undefined && (
        <Row gutter={16} style={{ marginTop: 16 }}>
          <Col xs={24} lg={14}>
            <Card title={editing ? t('templates.edit') : t('templates.new')} data-testid="template-editor">
              {general.length > 0 && <Alert type="error" message={general.join(' ')} style={{ marginBottom: 12 }} />}
              <Form form={form} layout="vertical">
                <Form.Item name="name" label={t('templates.name')} rules={[{ required: true }]}><Input data-testid="template-name" /></Form.Item>
                <Form.Item name="channel" label={t('templates.channel')}>
                  <Select options={CHANNELS.map((c) => ({ value: c, label: c === 'ANY' ? 'ANY' : t(`channel.${c}` as MessageKey) }))} />
                </Form.Item>
                <Form.Item name="subject" label={t('templates.subject')}><Input /></Form.Item>
                <Space style={{ marginBottom: 8 }}>
                  <Dropdown menu={{ items: (data?.templateParameters ?? []).map((x) => ({ key: x.name, label: <span data-testid={`param-${x.name}`}>{`{${x.name}}`} — {locale === 'zh-CN' ? x.descriptionZh : x.description}</span> })),
                    onClick: ({ key }) => insert(key) }}>
                    <Button data-testid="template-insert">{t('templates.insert')}</Button>
                  </Dropdown>
                </Space>
                <Form.Item name="text" label={t('templates.text')} extra={<span data-testid="template-sms">{t('templates.sms', { length: sms.length, segments: sms.segments, encoding: sms.encoding })}</span>}>
                  <Input.TextArea ref={area} rows={5} data-testid="template-text" />
                </Form.Item>
                <Form.Item label={t('templates.media')} extra={t('templates.mediaHelp')}>
                  <Upload multiple showUploadList={false} beforeUpload={(file, list) => {
                    const problem = mediaProblem(file, media.length + list.indexOf(file));
                    if (problem) {
                      message.error(t(`templates.media.${problem}` as MessageKey, { name: file.name }));
                      return Upload.LIST_IGNORE;
                    }
                    void uploadMedia(file, editing ?? null).then(({ media: m, error: e }) => {
                      if (m) setMedia((xs) => [...xs, m]);
                      else message.error(t('templates.media.failed', { name: file.name, message: e ?? t('error.unexpected') }));
                    });
                    return false;
                  }}>
                    <Button icon={<UploadOutlined />} data-testid="template-upload">{t('templates.upload')}</Button>
                  </Upload>
                  <div>{media.map((m) => <Tag key={m.id} closable onClose={() => setMedia((xs) => xs.filter((x) => x.id !== m.id))}>{m.filename}</Tag>)}</div>
                </Form.Item>
                <Button type="primary" onClick={save} data-testid="template-save">{t('templates.save')}</Button>
              </Form>
            </Card>
          </Col>
          <Col xs={24} lg={10}>
            <Card title={t('templates.preview')}>
              <Select showSearch optionFilterProp="label" style={{ width: '100%', marginBottom: 12 }} placeholder={t('templates.previewMember')}
                value={memberId} onChange={setMemberId} data-testid="preview-member"
                options={(members?.members.nodes ?? []).map((m) => ({ value: m.id, label: m.name }))} />
              <div className="phone-frame" data-testid="phone-frame" style={{ width: 280, minHeight: 420, margin: '0 auto', border: '10px solid #222', borderRadius: 32, padding: 16, background: '#f5f5f5' }}>
                {!editing || !memberId ? <Typography.Text type="secondary">{t('templates.previewEmpty')}</Typography.Text>
                  : previewing && !p ? null
                  : p ? (
                    <div style={{ background: '#fff', borderRadius: 12, padding: 12, whiteSpace: 'pre-wrap' }} data-testid="preview-text">
                      {p.subject && <strong>{p.subject}<br /></strong>}
                      {p.text}
                      {p.media.map((m) => m.kind === 'IMAGE' ? <img key={m.id} src={m.url} alt={m.filename} style={{ maxWidth: '100%', marginTop: 8 }} /> : <div key={m.id}>{m.filename}</div>)}
                      {p.posterUrl && <img src={p.posterUrl} alt="poster" style={{ maxWidth: '100%', marginTop: 8 }} />}
                      {p.smsLength != null && <div style={{ marginTop: 8, color: '#888', fontSize: 12 }}>{t('templates.sms', { length: p.smsLength, segments: p.smsSegments ?? 0, encoding: p.smsEncoding ?? '' })}</div>}
                    </div>
                  ) : null}
              </div>
            </Card>
          </Col>
        </Row>
      )}
    </>
  );
}
