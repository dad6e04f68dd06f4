import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { Alert, App, Button, Card, Form, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { graphql } from '../../gql';
import type { CardKind, LineKind, SettingsCatalogueQuery } from '../../gql/graphql';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/messages';
import { friendlyError } from '../../lib/errors';
import { fmtMoney } from '../../lib/format';
import { changedFields, money, type SettingsAccess } from './model';
import { FormModal, ReadOnlyNote, outcomeOf } from './shared';

const SettingsCatalogueDoc = graphql(`
  query SettingsCatalogue {
    tiers {
      id
      name
      level
      threshold
    }
    products {
      id
      sku
      name
      kind
      category
      price
    }
    cardProducts {
      id
      name
      kind
      price
      faceValue
      totalUses
      validityDays
    }
  }
`);

const TierCreateDoc = graphql(`
  mutation SettingsTierCreate($input: TierCreateInput!) {
    tierCreate(input: $input) {
      tier {
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
const TierUpdateDoc = graphql(`
  mutation SettingsTierUpdate($id: ID!, $input: TierUpdateInput!) {
    tierUpdate(id: $id, input: $input) {
      tier {
        id
        name
        level
        threshold
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);
const ProductCreateDoc = graphql(`
  mutation SettingsProductCreate($input: ProductCreateInput!) {
    productCreate(input: $input) {
      product {
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
const ProductUpdateDoc = graphql(`
  mutation SettingsProductUpdate($id: ID!, $input: ProductUpdateInput!) {
    productUpdate(id: $id, input: $input) {
      product {
        id
        sku
        name
        kind
        category
        price
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);
const CardProductCreateDoc = graphql(`
  mutation SettingsCardProductCreate($input: CardProductCreateInput!) {
    cardProductCreate(input: $input) {
      cardProduct {
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
const CardProductUpdateDoc = graphql(`
  mutation SettingsCardProductUpdate($id: ID!, $input: CardProductUpdateInput!) {
    cardProductUpdate(id: $id, input: $input) {
      cardProduct {
        id
        name
        price
        faceValue
        totalUses
        validityDays
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

type TierRow = SettingsCatalogueQuery['tiers'][number];
type ProductRow = SettingsCatalogueQuery['products'][number];
type CardRow = SettingsCatalogueQuery['cardProducts'][number];

const moneyInput = <InputNumber<string> stringMode min="0" step="0.01" precision={2} prefix="¥" style={{ width: '100%' }} />;

function editButton(show: boolean, onClick: () => void, label: string) {
  return show ? (
    <Button size="small" icon={<EditOutlined />} onClick={onClick}>
      {label}
    </Button>
  ) : null;
}

function newButton(show: boolean, onClick: () => void, label: string, testId: string) {
  return show ? (
    <Button size="small" type="primary" icon={<PlusOutlined />} onClick={onClick} data-testid={testId}>
      {label}
    </Button>
  ) : null;
}

interface TierValues {
  name: string;
  level: number;
  threshold: string;
}

function Tiers({ rows, access, refresh }: { rows: TierRow[]; access: SettingsAccess; refresh: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<TierValues>();
  const [editing, setEditing] = useState<TierRow | 'new' | null>(null);
  const [, create] = useMutation(TierCreateDoc);
  const [, update] = useMutation(TierUpdateDoc);
  const submit = async (v: TierValues) => {
    if (editing === 'new') {
      const res = await create({ input: { name: v.name.trim(), level: v.level, threshold: money(v.threshold) ?? '0' } });
      return outcomeOf(res, res.data?.tierCreate, t);
    }
    const row = editing as TierRow;
    const res = await update({ id: row.id, input: changedFields(row, v, ['name', 'level', 'threshold']) });
    const out = outcomeOf(res, res.data?.tierUpdate, t);
    if (out.ok) message.success(t('settings.saved'));
    return out;
  };
  return (
    <Card size="small" title={t('settings.tiers')} extra={newButton(access.catalogue.edit, () => setEditing('new'), t('settings.tier.new'), 'tier-new')}>
      <Table<TierRow>
        size="small"
        rowKey="id"
        dataSource={rows}
        pagination={false}
        columns={[
          { key: 'name', title: t('settings.field.name'), render: (_, r) => <Tag color="gold">{r.name}</Tag> },
          { key: 'level', title: t('settings.tier.level'), dataIndex: 'level', align: 'right' },
          { key: 'threshold', title: t('settings.tier.threshold'), align: 'right', render: (_, r) => fmtMoney(r.threshold) },
          { key: 'actions', title: '', align: 'right', render: (_, r) => editButton(access.catalogue.edit, () => setEditing(r), t('common.edit')) },
        ]}
      />
      <FormModal<TierValues>
        title={editing === 'new' ? t('settings.tier.new') : t('settings.tier.edit')}
        open={editing !== null}
        form={form}
        fields={['name', 'level', 'threshold']}
        initialValues={editing && editing !== 'new' ? { name: editing.name, level: editing.level, threshold: editing.threshold } : {}}
        onClose={() => {
          setEditing(null);
          refresh();
        }}
        submit={submit}
        testId="tier-form"
      >
        <Form.Item name="name" label={t('settings.field.name')} rules={[{ required: true, whitespace: true, message: t('settings.required') }]}>
          <Input placeholder={t('settings.tier.namePlaceholder')} />
        </Form.Item>
        <Form.Item name="level" label={t('settings.tier.level')} extra={t('settings.tier.levelHint')} rules={[{ required: true, message: t('settings.required') }]}>
          <InputNumber min={0} max={1000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="threshold" label={t('settings.tier.threshold')} extra={t('settings.tier.thresholdHint')} rules={[{ required: true, message: t('settings.required') }]}>
          {moneyInput}
        </Form.Item>
      </FormModal>
    </Card>
  );
}

interface ProductValues {
  sku: string;
  name: string;
  kind: LineKind;
  category: string;
  price: string;
}

function Products({ rows, access, refresh }: { rows: ProductRow[]; access: SettingsAccess; refresh: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<ProductValues>();
  const [editing, setEditing] = useState<ProductRow | 'new' | null>(null);
  const [search, setSearch] = useState('');
  const [, create] = useMutation(ProductCreateDoc);
  const [, update] = useMutation(ProductUpdateDoc);
  const q = search.trim().toLowerCase();
  const shown = q ? rows.filter((r) => `${r.sku} ${r.name} ${r.category}`.toLowerCase().includes(q)) : rows;
  const submit = async (v: ProductValues) => {
    if (editing === 'new') {
      const res = await create({ input: { sku: v.sku.trim(), name: v.name.trim(), kind: v.kind, category: v.category.trim(), price: money(v.price) ?? '0' } });
      return outcomeOf(res, res.data?.productCreate, t);
    }
    const row = editing as ProductRow;
    const res = await update({ id: row.id, input: changedFields(row, v, ['sku', 'name', 'kind', 'category', 'price']) });
    const out = outcomeOf(res, res.data?.productUpdate, t);
    if (out.ok) message.success(t('settings.saved'));
    return out;
  };
  return (
    <Card
      size="small"
      title={t('settings.products')}
      extra={
        <Space>
          <Input.Search allowClear size="small" placeholder={t('settings.product.search')} onSearch={setSearch} style={{ width: 220 }} />
          {newButton(access.catalogue.edit, () => setEditing('new'), t('settings.product.new'), 'product-new')}
        </Space>
      }
    >
      <Table<ProductRow>
        size="small"
        rowKey="id"
        dataSource={shown}
        pagination={{ pageSize: 10, showSizeChanger: false, hideOnSinglePage: true, showTotal: (n) => t('settings.product.total', { count: n }) }}
        columns={[
          { key: 'sku', title: 'SKU', render: (_, r) => <Typography.Text code>{r.sku}</Typography.Text> },
          { key: 'name', title: t('settings.field.name'), dataIndex: 'name' },
          { key: 'kind', title: t('settings.product.kind'), render: (_, r) => <Tag>{t(`lineKind.${r.kind}` as MessageKey)}</Tag> },
          { key: 'category', title: t('settings.product.category'), dataIndex: 'category' },
          { key: 'price', title: t('settings.price'), align: 'right', render: (_, r) => fmtMoney(r.price) },
          { key: 'actions', title: '', align: 'right', render: (_, r) => editButton(access.catalogue.edit, () => setEditing(r), t('common.edit')) },
        ]}
      />
      <FormModal<ProductValues>
        title={editing === 'new' ? t('settings.product.new') : t('settings.product.edit')}
        open={editing !== null}
        form={form}
        fields={['sku', 'name', 'kind', 'category', 'price']}
        initialValues={editing && editing !== 'new' ? { ...editing } : { kind: 'GOODS' }}
        onClose={() => {
          setEditing(null);
          refresh();
        }}
        submit={submit}
        testId="product-form"
      >
        <Form.Item name="sku" label="SKU" rules={[{ required: true, whitespace: true, message: t('settings.required') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="name" label={t('settings.field.name')} rules={[{ required: true, whitespace: true, message: t('settings.required') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="kind" label={t('settings.product.kind')} extra={t('settings.product.kindHint')} rules={[{ required: true, message: t('settings.required') }]}>
          <Select options={(['GOODS', 'SERVICE'] as LineKind[]).map((k) => ({ value: k, label: t(`lineKind.${k}` as MessageKey) }))} />
        </Form.Item>
        <Form.Item name="category" label={t('settings.product.category')} rules={[{ required: true, whitespace: true, message: t('settings.required') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="price" label={t('settings.price')} rules={[{ required: true, message: t('settings.required') }]}>
          {moneyInput}
        </Form.Item>
      </FormModal>
    </Card>
  );
}

interface CardValues {
  name: string;
  kind: CardKind;
  price: string;
  faceValue?: string | null;
  totalUses?: number | null;
  validityDays?: number | null;
  grantsTierId?: string | null;
}

function CardProducts({ rows, tiers, access, refresh }: { rows: CardRow[]; tiers: TierRow[]; access: SettingsAccess; refresh: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<CardValues>();
  const [editing, setEditing] = useState<CardRow | 'new' | null>(null);
  const [, create] = useMutation(CardProductCreateDoc);
  const [, update] = useMutation(CardProductUpdateDoc);
  const kind = Form.useWatch('kind', form) ?? (editing && editing !== 'new' ? editing.kind : 'STORED_VALUE');
  const submit = async (v: CardValues) => {
    if (editing === 'new') {
      const res = await create({
        input: {
          name: v.name.trim(),
          kind: v.kind,
          price: money(v.price) ?? '0',
          faceValue: v.kind === 'STORED_VALUE' ? money(v.faceValue) : undefined,
          totalUses: v.kind === 'PUNCH' ? (v.totalUses ?? null) : undefined,
          validityDays: v.validityDays ?? null,
          grantsTierId: v.grantsTierId || undefined,
        },
      });
      return outcomeOf(res, res.data?.cardProductCreate, t);
    }
    const row = editing as CardRow;
    const fields: (keyof CardValues)[] = row.kind === 'PUNCH' ? ['name', 'price', 'totalUses', 'validityDays'] : ['name', 'price', 'faceValue', 'validityDays'];
    const input = { ...changedFields(row, v, fields), ...(v.grantsTierId ? { grantsTierId: v.grantsTierId } : {}) };
    delete (input as Partial<CardValues>).kind;
    const res = await update({ id: row.id, input });
    const out = outcomeOf(res, res.data?.cardProductUpdate, t);
    if (out.ok) message.success(t('settings.saved'));
    return out;
  };
  return (
    <Card size="small" title={t('settings.cardProducts')} extra={newButton(access.catalogue.edit, () => setEditing('new'), t('settings.card.new'), 'card-new')}>
      <Table<CardRow>
        size="small"
        rowKey="id"
        dataSource={rows}
        pagination={{ pageSize: 10, showSizeChanger: false, hideOnSinglePage: true }}
        columns={[
          { key: 'name', title: t('settings.field.name'), dataIndex: 'name' },
          { key: 'kind', title: t('settings.card.kind'), render: (_, r) => <Tag color={r.kind === 'PUNCH' ? 'cyan' : 'geekblue'}>{t(`cardKind.${r.kind}` as MessageKey)}</Tag> },
          { key: 'price', title: t('settings.price'), align: 'right', render: (_, r) => fmtMoney(r.price) },
          { key: 'value', title: t('settings.card.grants'), align: 'right', render: (_, r) => (r.kind === 'PUNCH' ? t('settings.card.uses', { count: r.totalUses ?? 0 }) : fmtMoney(r.faceValue)) },
          { key: 'validity', title: t('settings.card.validity'), align: 'right', render: (_, r) => (r.validityDays ? t('settings.card.days', { count: r.validityDays }) : t('settings.card.noExpiry')) },
          { key: 'actions', title: '', align: 'right', render: (_, r) => editButton(access.catalogue.edit, () => setEditing(r), t('common.edit')) },
        ]}
      />
      <FormModal<CardValues>
        title={editing === 'new' ? t('settings.card.new') : t('settings.card.edit')}
        open={editing !== null}
        form={form}
        fields={['name', 'kind', 'price', 'faceValue', 'totalUses', 'validityDays', 'grantsTierId']}
        initialValues={
          editing && editing !== 'new'
            ? { name: editing.name, kind: editing.kind, price: editing.price, faceValue: editing.faceValue, totalUses: editing.totalUses, validityDays: editing.validityDays }
            : { kind: 'STORED_VALUE' }
        }
        onClose={() => {
          setEditing(null);
          refresh();
        }}
        submit={submit}
        testId="card-form"
      >
        <Form.Item name="name" label={t('settings.field.name')} rules={[{ required: true, whitespace: true, message: t('settings.required') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="kind" label={t('settings.card.kind')} extra={editing === 'new' ? t('settings.card.kindHint') : undefined}>
          <Select disabled={editing !== 'new'} options={(['STORED_VALUE', 'PUNCH'] as CardKind[]).map((k) => ({ value: k, label: t(`cardKind.${k}` as MessageKey) }))} />
        </Form.Item>
        <Form.Item name="price" label={t('settings.price')} rules={[{ required: true, message: t('settings.required') }]}>
          {moneyInput}
        </Form.Item>
        {kind === 'STORED_VALUE' ? (
          <Form.Item name="faceValue" label={t('settings.card.faceValue')} extra={t('settings.card.faceValueHint')}>
            {moneyInput}
          </Form.Item>
        ) : (
          <Form.Item name="totalUses" label={t('settings.card.totalUses')} rules={[{ required: true, message: t('settings.required') }]}>
            <InputNumber min={1} max={10000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        )}
        <Form.Item name="validityDays" label={t('settings.card.validity')} extra={t('settings.card.validityHint')}>
          <InputNumber min={1} max={36500} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="grantsTierId" label={t('settings.card.grantsTier')} extra={editing !== 'new' ? t('settings.card.grantsTierKeep') : undefined}>
          <Select allowClear options={tiers.map((x) => ({ value: x.id, label: x.name }))} />
        </Form.Item>
      </FormModal>
    </Card>
  );
}

export function CatalogueTab({ access }: { access: SettingsAccess }) {
  const t = useT();
  const [{ data, fetching, error }, reexecute] = useQuery({ query: SettingsCatalogueDoc, requestPolicy: 'cache-and-network' });
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  if (error && !data) return <Alert type="error" showIcon title={friendlyError(error, t)} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      {!access.catalogue.edit && <ReadOnlyNote>{t('settings.readOnlyCatalogue')}</ReadOnlyNote>}
      <Card size="small" loading={fetching && !data} variant="borderless" styles={{ body: { padding: 0 } }}>
        <Space direction="vertical" style={{ width: '100%' }} size={16}>
          <Tiers rows={data?.tiers ?? []} access={access} refresh={refresh} />
          <Products rows={data?.products ?? []} access={access} refresh={refresh} />
          <CardProducts rows={data?.cardProducts ?? []} tiers={data?.tiers ?? []} access={access} refresh={refresh} />
        </Space>
      </Card>
    </Space>
  );
}
