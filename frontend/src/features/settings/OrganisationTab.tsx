import { useMemo, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { Alert, App, Button, Card, Form, Input, Popconfirm, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { EditOutlined, PlusOutlined, StopOutlined, UndoOutlined } from '@ant-design/icons';
import { graphql } from '../../gql';
import type { SettingsOrgQuery } from '../../gql/graphql';
import { useI18n, useT } from '../../i18n';
import { settingsMessage } from './serverMessages';
import { friendlyError } from '../../lib/errors';
import { changedFields, text, type SettingsAccess } from './model';
import { FormModal, ReadOnlyNote, outcomeOf } from './shared';

export const SettingsOrgDoc = graphql(`
  query SettingsOrg {
    retailCompanies {
      id
      name
      code
    }
    stores {
      id
      name
      code
      city
      company {
        id
        name
      }
    }
    guides {
      id
      name
      code
      active
      store {
        id
        name
        company {
          id
          name
        }
      }
    }
  }
`);

const CompanyCreateDoc = graphql(`
  mutation SettingsCompanyCreate($input: RetailCompanyCreateInput!) {
    retailCompanyCreate(input: $input) {
      retailCompany {
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

const CompanyUpdateDoc = graphql(`
  mutation SettingsCompanyUpdate($id: ID!, $input: RetailCompanyUpdateInput!) {
    retailCompanyUpdate(id: $id, input: $input) {
      retailCompany {
        id
        name
        code
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

const StoreCreateDoc = graphql(`
  mutation SettingsStoreCreate($input: StoreCreateInput!) {
    storeCreate(input: $input) {
      store {
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

const StoreUpdateDoc = graphql(`
  mutation SettingsStoreUpdate($id: ID!, $input: StoreUpdateInput!) {
    storeUpdate(id: $id, input: $input) {
      store {
        id
        name
        code
        city
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

const GuideCreateDoc = graphql(`
  mutation SettingsGuideCreate($input: GuideCreateInput!) {
    guideCreate(input: $input) {
      guide {
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

const GuideUpdateDoc = graphql(`
  mutation SettingsGuideUpdate($id: ID!, $input: GuideUpdateInput!) {
    guideUpdate(id: $id, input: $input) {
      guide {
        id
        name
        code
        active
        store {
          id
          name
        }
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

type Company = SettingsOrgQuery['retailCompanies'][number];
type StoreRow = SettingsOrgQuery['stores'][number];
type GuideRow = SettingsOrgQuery['guides'][number];

interface CompanyValues {
  name: string;
  code: string;
}
interface StoreValues {
  companyId?: string;
  name: string;
  code: string;
  city?: string;
}
interface GuideValues {
  storeId: string;
  name: string;
  code: string;
  phone?: string;
  wecomUserId?: string;
  active?: boolean;
}

function Companies({ companies, access, refresh }: { companies: Company[]; access: SettingsAccess; refresh: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<CompanyValues>();
  const [editing, setEditing] = useState<Company | 'new' | null>(null);
  const [, create] = useMutation(CompanyCreateDoc);
  const [, update] = useMutation(CompanyUpdateDoc);

  const submit = async (v: CompanyValues) => {
    if (editing === 'new') {
      const res = await create({ input: { name: v.name.trim(), code: v.code.trim() } });
      const out = outcomeOf(res, res.data?.retailCompanyCreate, t);
      if (out.ok) message.success(t('settings.company.created'));
      return out;
    }
    const c = editing as Company;
    const input = changedFields(c, v, ['name', 'code']);
    const res = await update({ id: c.id, input });
    const out = outcomeOf(res, res.data?.retailCompanyUpdate, t);
    if (out.ok) message.success(t('settings.saved'));
    return out;
  };

  return (
    <Card
      size="small"
      title={t('settings.companies')}
      extra={
        access.companies.create && (
          <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="company-new">
            {t('settings.company.new')}
          </Button>
        )
      }
    >
      <Table<Company>
        size="small"
        rowKey="id"
        dataSource={companies}
        pagination={companies.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
        columns={[
          { key: 'name', title: t('settings.field.name'), dataIndex: 'name' },
          { key: 'code', title: t('settings.field.code'), render: (_, c) => <Typography.Text code>{c.code}</Typography.Text> },
          {
            key: 'actions',
            title: '',
            align: 'right',
            render: (_, c) =>
              access.companies.edit && (
                <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(c)}>
                  {t('common.edit')}
                </Button>
              ),
          },
        ]}
      />
      <FormModal<CompanyValues>
        title={editing === 'new' ? t('settings.company.new') : t('settings.company.edit')}
        open={editing !== null}
        form={form}
        fields={['name', 'code']}
        initialValues={editing && editing !== 'new' ? { name: editing.name, code: editing.code } : {}}
        onClose={() => {
          setEditing(null);
          refresh();
        }}
        submit={submit}
        testId="company-form"
      >
        <Form.Item name="name" label={t('settings.field.name')} rules={[{ required: true, whitespace: true, message: t('settings.required') }, { max: 120 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="code" label={t('settings.field.code')} extra={t('settings.company.codeHint')} rules={[{ required: true, whitespace: true, message: t('settings.required') }, { max: 40 }]}>
          <Input />
        </Form.Item>
      </FormModal>
    </Card>
  );
}

function Stores({ stores, companies, access, isAdmin, refresh }: { stores: StoreRow[]; companies: Company[]; access: SettingsAccess; isAdmin: boolean; refresh: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<StoreValues>();
  const [editing, setEditing] = useState<StoreRow | 'new' | null>(null);
  const [company, setCompany] = useState<string | undefined>();
  const [, create] = useMutation(StoreCreateDoc);
  const [, update] = useMutation(StoreUpdateDoc);
  const shown = company ? stores.filter((s) => s.company.id === company) : stores;

  const submit = async (v: StoreValues) => {
    if (editing === 'new') {
      const res = await create({ input: { companyId: v.companyId || undefined, name: v.name.trim(), code: v.code.trim(), city: text(v.city) ?? '' } });
      const out = outcomeOf(res, res.data?.storeCreate, t);
      if (out.ok) message.success(t('settings.store.created', { name: v.name.trim() }));
      return out;
    }
    const s = editing as StoreRow;
    const input = changedFields(s, v, ['name', 'code', 'city']);
    if ('city' in input && input.city === null) input.city = '';
    const res = await update({ id: s.id, input });
    const out = outcomeOf(res, res.data?.storeUpdate, t);
    if (out.ok) message.success(t('settings.saved'));
    return out;
  };

  return (
    <Card
      size="small"
      title={t('settings.stores')}
      extra={
        <Space>
          {companies.length > 1 && (
            <Select allowClear placeholder={t('settings.allCompanies')} style={{ width: 200 }} value={company} onChange={setCompany} options={companies.map((c) => ({ value: c.id, label: c.name }))} />
          )}
          {access.stores.create && (
            <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="store-new">
              {t('settings.store.new')}
            </Button>
          )}
        </Space>
      }
    >
      <Table<StoreRow>
        size="small"
        rowKey="id"
        dataSource={shown}
        data-testid="stores-table"
        pagination={{ pageSize: 10, showSizeChanger: false, hideOnSinglePage: true, showTotal: (n) => t('settings.store.total', { count: n }) }}
        columns={[
          { key: 'name', title: t('settings.field.name'), dataIndex: 'name' },
          { key: 'code', title: t('settings.field.code'), render: (_, s) => <Typography.Text code>{s.code}</Typography.Text> },
          { key: 'city', title: t('settings.field.city'), render: (_, s) => s.city || '—' },
          { key: 'company', title: t('settings.field.company'), render: (_, s) => s.company.name },
          {
            key: 'actions',
            title: '',
            align: 'right',
            render: (_, s) =>
              access.stores.edit && (
                <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(s)}>
                  {t('common.edit')}
                </Button>
              ),
          },
        ]}
      />
      <FormModal<StoreValues>
        title={editing === 'new' ? t('settings.store.new') : t('settings.store.edit')}
        open={editing !== null}
        form={form}
        fields={['companyId', 'name', 'code', 'city']}
        initialValues={editing && editing !== 'new' ? { name: editing.name, code: editing.code, city: editing.city } : { companyId: company ?? (companies.length === 1 ? companies[0].id : undefined) }}
        onClose={() => {
          setEditing(null);
          refresh();
        }}
        submit={submit}
        testId="store-form"
      >
        {editing === 'new' && isAdmin && (
          <Form.Item name="companyId" label={t('settings.field.company')} rules={[{ required: true, message: t('settings.required') }]}>
            <Select options={companies.map((c) => ({ value: c.id, label: c.name }))} data-testid="store-company" />
          </Form.Item>
        )}
        {editing !== 'new' && editing && (
          <Form.Item label={t('settings.field.company')} extra={t('settings.store.companyFixed')}>
            <Input value={editing.company.name} disabled />
          </Form.Item>
        )}
        <Form.Item name="name" label={t('settings.field.name')} rules={[{ required: true, whitespace: true, message: t('settings.required') }, { max: 120 }]}>
          <Input data-testid="store-name" />
        </Form.Item>
        <Form.Item name="code" label={t('settings.field.code')} extra={t('settings.store.codeHint')} rules={[{ required: true, whitespace: true, message: t('settings.required') }, { max: 40 }]}>
          <Input data-testid="store-code" />
        </Form.Item>
        <Form.Item name="city" label={t('settings.field.city')}>
          <Input data-testid="store-city" />
        </Form.Item>
      </FormModal>
    </Card>
  );
}

function Guides({ guides, stores, access, refresh }: { guides: GuideRow[]; stores: StoreRow[]; access: SettingsAccess; refresh: () => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<GuideValues>();
  const [editing, setEditing] = useState<GuideRow | 'new' | null>(null);
  const [store, setStore] = useState<string | undefined>();
  const [showInactive, setShowInactive] = useState(true);
  const [, create] = useMutation(GuideCreateDoc);
  const [, update] = useMutation(GuideUpdateDoc);
  const shown = guides.filter((g) => (!store || g.store.id === store) && (showInactive || g.active));
  const storeOptions = stores.map((s) => ({ value: s.id, label: `${s.name} · ${s.company.name}` }));

  const submit = async (v: GuideValues) => {
    if (editing === 'new') {
      const res = await create({
        input: { storeId: v.storeId, name: v.name.trim(), code: v.code.trim(), phone: text(v.phone) ?? '', wecomUserId: text(v.wecomUserId) },
      });
      const out = outcomeOf(res, res.data?.guideCreate, t);
      if (out.ok) message.success(t('settings.guide.created', { name: v.name.trim() }));
      return out;
    }
    const g = editing as GuideRow;
    const input = {
      ...changedFields({ storeId: g.store.id, name: g.name, code: g.code, active: g.active }, v, ['storeId', 'name', 'code', 'active']),
      // phone and WeCom id are not readable back: a value typed here replaces them, empty leaves them
      ...(text(v.phone) ? { phone: text(v.phone) } : {}),
      ...(text(v.wecomUserId) ? { wecomUserId: text(v.wecomUserId) } : {}),
    };
    const res = await update({ id: g.id, input });
    const out = outcomeOf(res, res.data?.guideUpdate, t);
    if (out.ok) message.success(t('settings.saved'));
    return out;
  };

  const setActive = async (g: GuideRow, active: boolean) => {
    const res = await update({ id: g.id, input: { active } });
    const out = outcomeOf(res, res.data?.guideUpdate, t);
    if (out.ok) {
      message.success(active ? t('settings.guide.reactivated', { name: g.name }) : t('settings.guide.deactivated', { name: g.name }));
      refresh();
    } else message.error(out.problem ?? (out.errors ?? []).map((e) => settingsMessage(e.message, locale)).join(' '));
  };

  return (
    <Card
      size="small"
      title={t('settings.guides')}
      extra={
        <Space>
          <Select allowClear showSearch optionFilterProp="label" placeholder={t('settings.allStores')} style={{ width: 220 }} value={store} onChange={setStore} options={storeOptions} />
          <Space size={4}>
            <Switch size="small" checked={showInactive} onChange={setShowInactive} />
            <Typography.Text type="secondary">{t('settings.guide.showInactive')}</Typography.Text>
          </Space>
          {access.guides.create && (
            <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="guide-new">
              {t('settings.guide.new')}
            </Button>
          )}
        </Space>
      }
    >
      <Table<GuideRow>
        size="small"
        rowKey="id"
        dataSource={shown}
        pagination={{ pageSize: 10, showSizeChanger: false, hideOnSinglePage: true, showTotal: (n) => t('settings.guide.total', { count: n }) }}
        columns={[
          { key: 'name', title: t('settings.field.name'), render: (_, g) => <Typography.Text type={g.active ? undefined : 'secondary'}>{g.name}</Typography.Text> },
          { key: 'code', title: t('settings.guide.code'), render: (_, g) => <Typography.Text code>{g.code}</Typography.Text> },
          { key: 'store', title: t('settings.field.store'), render: (_, g) => g.store.name },
          { key: 'company', title: t('settings.field.company'), render: (_, g) => g.store.company.name },
          { key: 'active', title: t('settings.field.status'), render: (_, g) => (g.active ? <Tag color="green">{t('settings.active')}</Tag> : <Tag>{t('settings.guide.inactive')}</Tag>) },
          {
            key: 'actions',
            title: '',
            align: 'right',
            render: (_, g) =>
              access.guides.edit && (
                <Space>
                  <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(g)}>
                    {t('common.edit')}
                  </Button>
                  {g.active ? (
                    <Popconfirm title={t('settings.guide.deactivateConfirm', { name: g.name })} okText={t('settings.guide.deactivate')} cancelText={t('common.cancel')} okButtonProps={{ danger: true }} onConfirm={() => setActive(g, false)}>
                      <Button size="small" danger icon={<StopOutlined />}>
                        {t('settings.guide.deactivate')}
                      </Button>
                    </Popconfirm>
                  ) : (
                    <Button size="small" icon={<UndoOutlined />} onClick={() => setActive(g, true)}>
                      {t('settings.guide.reactivate')}
                    </Button>
                  )}
                </Space>
              ),
          },
        ]}
      />
      <FormModal<GuideValues>
        title={editing === 'new' ? t('settings.guide.new') : t('settings.guide.edit')}
        open={editing !== null}
        form={form}
        fields={['storeId', 'name', 'code', 'phone', 'wecomUserId', 'active']}
        initialValues={
          editing && editing !== 'new'
            ? { storeId: editing.store.id, name: editing.name, code: editing.code, active: editing.active }
            : { storeId: store ?? (stores.length === 1 ? stores[0].id : undefined) }
        }
        onClose={() => {
          setEditing(null);
          refresh();
        }}
        submit={submit}
        testId="guide-form"
      >
        <Form.Item name="storeId" label={t('settings.field.store')} rules={[{ required: true, message: t('settings.required') }]}>
          <Select showSearch optionFilterProp="label" options={storeOptions} />
        </Form.Item>
        <Form.Item name="name" label={t('settings.field.name')} rules={[{ required: true, whitespace: true, message: t('settings.required') }, { max: 60 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="code" label={t('settings.guide.code')} extra={t('settings.guide.codeHint')} rules={[{ required: true, whitespace: true, message: t('settings.required') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="phone" label={t('settings.field.phone')} extra={editing !== 'new' ? t('settings.guide.keepHint') : undefined}>
          <Input />
        </Form.Item>
        <Form.Item name="wecomUserId" label={t('settings.guide.wecom')} extra={editing !== 'new' ? t('settings.guide.keepHint') : undefined}>
          <Input />
        </Form.Item>
        {editing !== 'new' && (
          <Form.Item name="active" label={t('settings.field.status')} valuePropName="checked">
            <Switch checkedChildren={t('settings.active')} unCheckedChildren={t('settings.guide.inactive')} />
          </Form.Item>
        )}
      </FormModal>
    </Card>
  );
}

export function OrganisationTab({ access, isAdmin }: { access: SettingsAccess; isAdmin: boolean }) {
  const t = useT();
  const [{ data, fetching, error }, reexecute] = useQuery({ query: SettingsOrgDoc, requestPolicy: 'cache-and-network' });
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const readOnly = !access.stores.edit && !access.guides.edit;
  const companies = useMemo(() => data?.retailCompanies ?? [], [data]);
  if (error && !data) return <Alert type="error" showIcon title={friendlyError(error, t)} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      {readOnly && <ReadOnlyNote>{t('settings.readOnlyOrg')}</ReadOnlyNote>}
      <Card size="small" loading={fetching && !data} variant="borderless" styles={{ body: { padding: 0 } }}>
        <Space direction="vertical" style={{ width: '100%' }} size={16}>
          <Companies companies={companies} access={access} refresh={refresh} />
          <Stores stores={data?.stores ?? []} companies={companies} access={access} isAdmin={isAdmin} refresh={refresh} />
          <Guides guides={data?.guides ?? []} stores={data?.stores ?? []} access={access} refresh={refresh} />
        </Space>
      </Card>
    </Space>
  );
}
