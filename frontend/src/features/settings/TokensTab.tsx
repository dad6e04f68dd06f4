import { useEffect, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { Alert, App, Button, Card, Checkbox, Form, Input, InputNumber, Popconfirm, Select, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import { PlusOutlined, StopOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { graphql } from '../../gql';
import type { Role, SettingsTokensQuery } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/messages';
import { friendlyError } from '../../lib/errors';
import { settingsMessage as serverMessage } from './serverMessages';
import { cursorBefore, fmtDateTime } from '../../lib/format';
import { ROLE_SCOPES, grantableScopes, reachInput, scopesInput, type SettingsAccess } from './model';
import { FormModal, OneTimeSecret, ReachText, RoleTag, SecretModal, outcomeOf } from './shared';
import { ReachFields } from './ReachFields';

const SettingsTokensDoc = graphql(`
  query SettingsTokens($first: Int, $after: String, $includeRevoked: Boolean!) {
    apiTokens(first: $first, after: $after, includeRevoked: $includeRevoked) {
      totalCount
      nodes {
        id
        name
        prefix
        role
        scopes
        createdAt
        expiresAt
        revokedAt
        lastUsedAt
        active
        company {
          id
          name
        }
        stores {
          id
          name
        }
        guide {
          id
          name
        }
      }
    }
  }
`);

const TokenCreateDoc = graphql(`
  mutation SettingsTokenCreate($input: ApiTokenCreateInput!) {
    apiTokenCreate(input: $input) {
      apiToken {
        id
        name
        prefix
        expiresAt
      }
      secret
      userErrors {
        field
        message
        code
      }
    }
  }
`);

const TokenRevokeDoc = graphql(`
  mutation SettingsTokenRevoke($id: ID!) {
    apiTokenRevoke(id: $id) {
      apiToken {
        id
        revokedAt
        active
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

type TokenRow = NonNullable<SettingsTokensQuery['apiTokens']>['nodes'][number];
const PAGE = 20;

interface TokenValues {
  name: string;
  role: Role;
  scopes: string[];
  companyId?: string | null;
  storeIds?: string[];
  guideId?: string | null;
  expiresInDays?: number | null;
}

function Status({ token }: { token: TokenRow }) {
  const { t } = useI18n();
  if (token.revokedAt) {
    return (
      <Tooltip title={fmtDateTime(token.revokedAt)}>
        <Tag color="red">{t('settings.token.revoked')}</Tag>
      </Tooltip>
    );
  }
  if (!token.active) return <Tag>{t('settings.token.expired')}</Tag>;
  return <Tag color="green">{t('settings.active')}</Tag>;
}

/** When the role changes, tick its default scopes (a token gets them when none are chosen). */
function DefaultScopes({ role, onRole }: { role: Role | undefined; onRole: (r: Role) => void }) {
  useEffect(() => {
    if (role) onRole(role);
  }, [role]); // eslint-disable-line react-hooks/exhaustive-deps
  return null;
}

export function TokensTab({ access }: { access: SettingsAccess }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const [includeRevoked, setIncludeRevoked] = useState(true);
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: SettingsTokensDoc,
    variables: { first: PAGE, after: cursorBefore((page - 1) * PAGE), includeRevoked },
    requestPolicy: 'cache-and-network',
  });
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const [form] = Form.useForm<TokenValues>();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<{ name: string; secret: string; expiresAt: string | null } | null>(null);
  const [, create] = useMutation(TokenCreateDoc);
  const [, revoke] = useMutation(TokenRevokeDoc);
  const role = Form.useWatch('role', form);
  const companyAdmin = !access.tokenRoles.includes('ADMIN');

  const submit = async (v: TokenValues) => {
    const res = await create({
      input: {
        name: v.name.trim(),
        role: v.role,
        scopes: scopesInput(v.role, v.scopes ?? []),
        expiresInDays: v.expiresInDays ?? null,
        ...reachInput(v.role, v),
      },
    });
    const payload = res.data?.apiTokenCreate;
    const out = outcomeOf(res, payload, t);
    if (out.ok && payload?.secret) setSecret({ name: payload.apiToken?.name ?? v.name, secret: payload.secret, expiresAt: payload.apiToken?.expiresAt ?? null });
    return out;
  };

  const doRevoke = async (tok: TokenRow) => {
    const res = await revoke({ id: tok.id });
    const errs = res.data?.apiTokenRevoke.userErrors ?? [];
    if (res.error || errs.length) message.error(res.error ? friendlyError(res.error, t) : errs.map((e) => serverMessage(e.message, locale)).join(' '));
    else message.success(t('settings.token.revokedOk', { name: tok.name }));
    refresh();
  };

  return (
    <Card
      size="small"
      title={t('settings.tokens')}
      extra={
        <Space>
          <Space size={4}>
            <Switch size="small" checked={includeRevoked} onChange={(v) => { setIncludeRevoked(v); setPage(1); }} />
            <Typography.Text type="secondary">{t('settings.token.showRevoked')}</Typography.Text>
          </Space>
          <Button type="primary" size="small" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="token-new">
            {t('settings.token.new')}
          </Button>
        </Space>
      }
    >
      {companyAdmin && <Alert type="info" showIcon title={t('settings.token.companyScope')} style={{ marginBottom: 12 }} />}
      {error && <Alert type="error" showIcon title={friendlyError(error, t)} style={{ marginBottom: 12 }} />}
      <Table<TokenRow>
        size="small"
        rowKey="id"
        loading={fetching}
        dataSource={data?.apiTokens?.nodes ?? []}
        data-testid="tokens-table"
        scroll={{ x: 1100 }}
        pagination={{ current: page, pageSize: PAGE, total: data?.apiTokens?.totalCount ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (n) => t('settings.token.total', { count: n }) }}
        columns={[
          {
            key: 'name',
            title: t('settings.field.name'),
            render: (_, k) => (
              <Space direction="vertical" size={0}>
                <Typography.Text strong type={k.active ? undefined : 'secondary'}>{k.name}</Typography.Text>
                <Typography.Text code style={{ fontSize: 12 }}>{k.prefix}…</Typography.Text>
              </Space>
            ),
          },
          { key: 'role', title: t('settings.field.role'), render: (_, k) => <RoleTag role={k.role} /> },
          {
            key: 'scopes',
            title: t('settings.token.scopes'),
            width: 220,
            render: (_, k) => (
              <Space size={[2, 2]} wrap>
                {k.scopes.map((s) => <Tag key={s} style={{ marginInlineEnd: 0 }}>{s}</Tag>)}
              </Space>
            ),
          },
          { key: 'reach', title: t('settings.field.reach'), render: (_, k) => <ReachText role={k.role} company={k.company} stores={k.stores} guide={k.guide} /> },
          { key: 'created', title: t('settings.created'), render: (_, k) => fmtDateTime(k.createdAt) },
          { key: 'expires', title: t('settings.token.expires'), render: (_, k) => (k.expiresAt ? fmtDateTime(k.expiresAt) : t('settings.token.never')) },
          { key: 'used', title: t('settings.token.lastUsed'), render: (_, k) => (k.lastUsedAt ? fmtDateTime(k.lastUsedAt) : <Typography.Text type="secondary">{t('settings.token.neverUsed')}</Typography.Text>) },
          { key: 'status', title: t('settings.field.status'), render: (_, k) => <Status token={k} /> },
          {
            key: 'actions',
            title: '',
            align: 'right',
            fixed: 'right',
            render: (_, k) =>
              !k.revokedAt && (
                <Popconfirm
                  title={t('settings.token.revokeConfirm', { name: k.name })}
                  description={t('settings.token.revokeHint')}
                  okText={t('settings.token.revoke')}
                  cancelText={t('common.cancel')}
                  okButtonProps={{ danger: true, 'data-testid': 'token-revoke-ok' }}
                  onConfirm={() => doRevoke(k)}
                >
                  <Button size="small" danger icon={<StopOutlined />} data-testid="token-revoke">
                    {t('settings.token.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <FormModal<TokenValues>
        title={t('settings.token.new')}
        open={creating}
        form={form}
        fields={['name', 'role', 'scopes', 'companyId', 'storeIds', 'guideId', 'expiresInDays']}
        initialValues={{ role: 'PARTNER', scopes: ROLE_SCOPES.PARTNER, expiresInDays: 365 }}
        onClose={() => {
          setCreating(false);
          refresh();
        }}
        submit={submit}
        okText={t('settings.token.create')}
        testId="token-form"
      >
        <DefaultScopes role={role} onRole={(r) => form.setFieldValue('scopes', ROLE_SCOPES[r])} />
        <Form.Item name="name" label={t('settings.field.name')} extra={t('settings.token.nameHint')} rules={[{ required: true, whitespace: true, message: t('settings.required') }, { max: 80 }]}>
          <Input data-testid="token-name" />
        </Form.Item>
        <Form.Item name="role" label={t('settings.field.role')} extra={companyAdmin ? t('settings.token.partnerOnly') : t('settings.token.roleHint')} rules={[{ required: true }]}>
          <Select<Role> disabled={access.tokenRoles.length < 2} options={access.tokenRoles.map((r) => ({ value: r, label: t(`role.${r}` as MessageKey) }))} />
        </Form.Item>
        <Form.Item name="scopes" label={t('settings.token.scopes')} extra={t('settings.token.scopesHint')} rules={[{ required: true, type: 'array', min: 1, message: t('settings.token.scopesRequired') }]}>
          <Checkbox.Group
            options={grantableScopes(role ?? 'PARTNER').map((s) => ({
              value: s,
              label: (
                <Tooltip title={t(`scope.${s}` as MessageKey)}>
                  <Typography.Text code>{s}</Typography.Text>
                </Tooltip>
              ),
            }))}
          />
        </Form.Item>
        <ReachFields role={role} companyOptional={companyAdmin} />
        <Form.Item name="expiresInDays" label={t('settings.token.expiresIn')} extra={t('settings.token.expiresHint')}>
          <InputNumber min={1} max={3650} precision={0} style={{ width: 200 }} suffix={t('settings.token.daysSuffix')} />
        </Form.Item>
      </FormModal>
      <SecretModal title={t('settings.token.secretTitle', { name: secret?.name ?? '' })} open={secret !== null} onClose={() => setSecret(null)}>
        {secret && (
          <>
            <OneTimeSecret label={t('settings.token.secret')} value={secret.secret} warning={t('settings.token.secretWarning')} testId="token-secret" />
            <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
              {t('settings.token.howToUse')} <Typography.Text code>Authorization: Bearer {secret.secret.slice(0, 8)}…</Typography.Text>
              {secret.expiresAt && <> · {t('settings.validUntil', { at: dayjs(secret.expiresAt).format('YYYY-MM-DD') })}</>}
            </Typography.Paragraph>
          </>
        )}
      </SecretModal>
    </Card>
  );
}
