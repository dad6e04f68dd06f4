import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { Alert, App, Button, Card, Form, Input, Popconfirm, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { EditOutlined, KeyOutlined, StopOutlined, UndoOutlined, UserAddOutlined } from '@ant-design/icons';
import { graphql } from '../../gql';
import type { Role, SettingsUsersQuery } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/messages';
import { friendlyError } from '../../lib/errors';
import { settingsMessage as serverMessage } from './serverMessages';
import { cursorBefore, fmtDateTime } from '../../lib/format';
import { changedFields, reachInput, reachKind, setPasswordLink, text, type SettingsAccess } from './model';
import { FormModal, OneTimeSecret, ReachText, RoleTag, SecretModal, outcomeOf } from './shared';
import { ReachFields } from './ReachFields';

const SettingsUsersDoc = graphql(`
  query SettingsUsers($first: Int, $after: String, $search: String, $role: Role, $active: Boolean) {
    users(first: $first, after: $after, search: $search, role: $role, active: $active) {
      totalCount
      nodes {
        id
        username
        displayName
        role
        active
        passwordSet
        createdAt
        lastLoginAt
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

const UserInviteDoc = graphql(`
  mutation SettingsUserInvite($input: UserInviteInput!) {
    userInvite(input: $input) {
      user {
        id
        username
      }
      setPasswordToken
      setPasswordTokenExpiresAt
      userErrors {
        field
        message
        code
      }
    }
  }
`);

const UserUpdateDoc = graphql(`
  mutation SettingsUserUpdate($id: ID!, $input: UserUpdateInput!) {
    userUpdate(id: $id, input: $input) {
      user {
        id
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

const UserDisableDoc = graphql(`
  mutation SettingsUserDisable($id: ID!) {
    userDisable(id: $id) {
      user {
        id
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

const UserEnableDoc = graphql(`
  mutation SettingsUserEnable($id: ID!) {
    userEnable(id: $id) {
      user {
        id
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

const UserPasswordResetDoc = graphql(`
  mutation SettingsUserPasswordReset($id: ID!) {
    userPasswordReset(id: $id) {
      user {
        id
        username
      }
      setPasswordToken
      setPasswordTokenExpiresAt
      userErrors {
        field
        message
        code
      }
    }
  }
`);

type UserRow = NonNullable<SettingsUsersQuery['users']>['nodes'][number];
const PAGE = 20;

interface UserValues {
  username: string;
  displayName?: string;
  role: Role;
  companyId?: string | null;
  storeIds?: string[];
  guideId?: string | null;
}

interface Link {
  username: string;
  link: string;
  expiresAt: string | null;
  kind: 'invite' | 'reset';
}

export function UsersTab({ access }: { access: SettingsAccess }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState('');
  const [role, setRole] = useState<Role | undefined>();
  const [active, setActive] = useState<'all' | 'active' | 'disabled'>('all');
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: SettingsUsersDoc,
    variables: {
      first: PAGE,
      after: cursorBefore((page - 1) * PAGE),
      search: search || undefined,
      role,
      active: active === 'all' ? undefined : active === 'active',
    },
    requestPolicy: 'cache-and-network',
  });
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const [form] = Form.useForm<UserValues>();
  const [editing, setEditing] = useState<UserRow | 'new' | null>(null);
  const [link, setLink] = useState<Link | null>(null);
  const [, invite] = useMutation(UserInviteDoc);
  const [, update] = useMutation(UserUpdateDoc);
  const [, disable] = useMutation(UserDisableDoc);
  const [, enable] = useMutation(UserEnableDoc);
  const [, reset] = useMutation(UserPasswordResetDoc);
  const formRole = Form.useWatch('role', form);
  const isCompanyAdmin = !access.userRoles.includes('ADMIN');

  const submit = async (v: UserValues) => {
    if (editing === 'new') {
      const res = await invite({
        input: { username: v.username.trim(), displayName: text(v.displayName), role: v.role, ...reachInput(v.role, v) },
      });
      const payload = res.data?.userInvite;
      const out = outcomeOf(res, payload, t);
      if (out.ok && payload?.setPasswordToken) {
        setLink({ username: payload.user?.username ?? v.username, link: setPasswordLink(window.location.origin, payload.setPasswordToken), expiresAt: payload.setPasswordTokenExpiresAt, kind: 'invite' });
      }
      return out;
    }
    const u = editing as UserRow;
    const initialReach = { companyId: u.company?.id ?? null, storeIds: u.stores.map((s) => s.id), guideId: u.guide?.id ?? null };
    const base = changedFields({ displayName: u.displayName, role: u.role }, v, ['displayName', 'role']);
    const reachChanged = Object.keys(changedFields(reachInput(v.role, initialReach), reachInput(v.role, v), ['companyId', 'storeIds', 'guideId'])).length > 0;
    const input = { ...base, ...(base.role || reachChanged ? reachInput(v.role, v) : {}) };
    if (!Object.keys(input).length) return { ok: true } as const;
    const res = await update({ id: u.id, input });
    const out = outcomeOf(res, res.data?.userUpdate, t);
    if (out.ok) message.success(t('settings.saved'));
    return out;
  };

  const problemOf = (res: { error?: Parameters<typeof friendlyError>[0] }, errs?: ReadonlyArray<{ message: string }>) =>
    res.error ? friendlyError(res.error, t) : errs?.length ? errs.map((e) => serverMessage(e.message, locale)).join(' ') : null;

  const toggle = async (u: UserRow) => {
    const res = u.active ? await disable({ id: u.id }) : await enable({ id: u.id });
    const errs = res.data && ('userDisable' in res.data ? res.data.userDisable.userErrors : res.data.userEnable.userErrors);
    const problem = problemOf(res, errs ?? undefined);
    if (problem) message.error(problem);
    else message.success(u.active ? t('settings.user.disabled', { name: u.username }) : t('settings.user.enabled', { name: u.username }));
    refresh();
  };

  const resetPassword = async (u: UserRow) => {
    const res = await reset({ id: u.id });
    const payload = res.data?.userPasswordReset;
    const problem = problemOf(res, payload?.userErrors);
    if (problem || !payload?.setPasswordToken) {
      message.error(problem ?? t('error.unexpected'));
      return;
    }
    setLink({ username: u.username, link: setPasswordLink(window.location.origin, payload.setPasswordToken), expiresAt: payload.setPasswordTokenExpiresAt, kind: 'reset' });
    refresh();
  };

  return (
    <Card
      size="small"
      title={t('settings.users')}
      extra={
        <Button type="primary" size="small" icon={<UserAddOutlined />} onClick={() => setEditing('new')} data-testid="user-invite">
          {t('settings.user.invite')}
        </Button>
      }
    >
      {isCompanyAdmin && <Alert type="info" showIcon title={t('settings.user.companyScope')} style={{ marginBottom: 12 }} />}
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={t('settings.user.search')} onSearch={(v) => { setSearch(v.trim()); setPage(1); }} style={{ width: 240 }} />
        <Select<Role>
          allowClear
          placeholder={t('settings.allRoles')}
          style={{ width: 160 }}
          value={role}
          onChange={(v) => { setRole(v); setPage(1); }}
          options={access.userRoles.map((r) => ({ value: r, label: t(`role.${r}` as MessageKey) }))}
        />
        <Select
          style={{ width: 140 }}
          value={active}
          onChange={(v) => { setActive(v); setPage(1); }}
          options={[
            { value: 'all', label: t('settings.user.allStatuses') },
            { value: 'active', label: t('settings.active') },
            { value: 'disabled', label: t('settings.user.disabledStatus') },
          ]}
        />
      </Space>
      {error && <Alert type="error" showIcon title={friendlyError(error, t)} style={{ marginBottom: 12 }} />}
      <Table<UserRow>
        size="small"
        rowKey="id"
        loading={fetching}
        dataSource={data?.users?.nodes ?? []}
        data-testid="users-table"
        pagination={{ current: page, pageSize: PAGE, total: data?.users?.totalCount ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (n) => t('settings.user.total', { count: n }) }}
        columns={[
          {
            key: 'user',
            title: t('settings.user.user'),
            render: (_, u) => (
              <Space direction="vertical" size={0}>
                <Typography.Text strong type={u.active ? undefined : 'secondary'}>{u.displayName}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{u.username}</Typography.Text>
              </Space>
            ),
          },
          { key: 'role', title: t('settings.field.role'), render: (_, u) => <RoleTag role={u.role} /> },
          { key: 'reach', title: t('settings.field.reach'), render: (_, u) => <ReachText role={u.role} company={u.company} stores={u.stores} guide={u.guide} /> },
          {
            key: 'status',
            title: t('settings.field.status'),
            render: (_, u) => (
              <Space size={4} wrap>
                {u.active ? <Tag color="green">{t('settings.active')}</Tag> : <Tag color="default">{t('settings.user.disabledStatus')}</Tag>}
                {!u.passwordSet && (
                  <Tooltip title={t('settings.user.pendingHint')}>
                    <Tag color="orange">{t('settings.user.pending')}</Tag>
                  </Tooltip>
                )}
              </Space>
            ),
          },
          { key: 'last', title: t('settings.user.lastLogin'), render: (_, u) => fmtDateTime(u.lastLoginAt) },
          { key: 'created', title: t('settings.created'), render: (_, u) => fmtDateTime(u.createdAt) },
          {
            key: 'actions',
            title: '',
            align: 'right',
            render: (_, u) => (
              <Space size={4}>
                <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(u)} disabled={!access.userRoles.includes(u.role)}>
                  {t('common.edit')}
                </Button>
                <Popconfirm title={t('settings.user.resetConfirm', { name: u.username })} okText={t('settings.user.reset')} cancelText={t('common.cancel')} onConfirm={() => resetPassword(u)}>
                  <Button size="small" icon={<KeyOutlined />}>{t('settings.user.reset')}</Button>
                </Popconfirm>
                {u.active ? (
                  <Popconfirm title={t('settings.user.disableConfirm', { name: u.username })} okText={t('settings.user.disable')} cancelText={t('common.cancel')} okButtonProps={{ danger: true }} onConfirm={() => toggle(u)}>
                    <Button size="small" danger icon={<StopOutlined />}>{t('settings.user.disable')}</Button>
                  </Popconfirm>
                ) : (
                  <Button size="small" icon={<UndoOutlined />} onClick={() => toggle(u)}>{t('settings.user.enable')}</Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <FormModal<UserValues>
        title={editing === 'new' ? t('settings.user.invite') : t('settings.user.edit')}
        open={editing !== null}
        form={form}
        fields={['username', 'displayName', 'role', 'companyId', 'storeIds', 'guideId']}
        initialValues={
          editing && editing !== 'new'
            ? { username: editing.username, displayName: editing.displayName, role: editing.role, companyId: editing.company?.id, storeIds: editing.stores.map((s) => s.id), guideId: editing.guide?.id }
            : { role: access.userRoles.includes('STORE_MANAGER') ? 'STORE_MANAGER' : access.userRoles[0] }
        }
        onClose={() => {
          setEditing(null);
          refresh();
        }}
        submit={submit}
        okText={editing === 'new' ? t('settings.user.inviteOk') : undefined}
        testId="user-form"
      >
        <Form.Item name="username" label={t('login.username')} extra={editing === 'new' ? t('settings.user.usernameHint') : undefined} rules={[{ required: true, whitespace: true, message: t('settings.required') }, { pattern: /^[A-Za-z0-9._@+-]{2,80}$/, message: t('settings.user.usernameHint') }]}>
          <Input disabled={editing !== 'new'} data-testid="user-username" autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label={t('settings.user.displayName')} extra={editing === 'new' ? t('settings.user.displayNameHint') : undefined}>
          <Input data-testid="user-display-name" />
        </Form.Item>
        <Form.Item name="role" label={t('settings.field.role')} rules={[{ required: true, message: t('settings.required') }]}>
          <Select<Role> options={access.userRoles.map((r) => ({ value: r, label: t(`role.${r}` as MessageKey) }))} data-testid="user-role" />
        </Form.Item>
        <ReachFields role={formRole} companyOptional={isCompanyAdmin} />
        {reachKind(formRole) === 'none' && <Alert type="warning" showIcon title={t('settings.user.adminWarning')} />}
      </FormModal>
      <SecretModal title={link?.kind === 'reset' ? t('settings.user.resetLinkTitle', { name: link?.username ?? '' }) : t('settings.user.inviteLinkTitle', { name: link?.username ?? '' })} open={link !== null} onClose={() => setLink(null)}>
        {link && (
          <OneTimeSecret
            label={t('settings.user.link')}
            value={link.link}
            warning={t(link.kind === 'reset' ? 'settings.user.resetLinkWarning' : 'settings.user.inviteLinkWarning')}
            expiresAt={link.expiresAt}
            testId="set-password-link"
          />
        )}
      </SecretModal>
    </Card>
  );
}
