import { useQuery } from 'urql';
import { Form, Select } from 'antd';
import type { Role } from '../../gql/graphql';
import { useT } from '../../i18n';
import { reachKind } from './model';
import { SettingsOrgDoc } from './OrganisationTab';

/**
 * The organisation pickers a role needs, shown for the role chosen in the same form: a company for
 * company admins and partners, stores for store managers, a guide for guide accounts, none for admins.
 * The lists are what the viewer may reach (the API's `retailCompanies`, `stores`, `guides`).
 */
export function ReachFields({ role, companyOptional }: { role: Role | undefined; companyOptional?: boolean }) {
  const t = useT();
  const [{ data }] = useQuery({ query: SettingsOrgDoc });
  const kind = reachKind(role);
  if (kind === 'company') {
    return (
      <Form.Item
        name="companyId"
        label={t('settings.field.company')}
        rules={companyOptional ? [] : [{ required: true, message: t('settings.required') }]}
        extra={companyOptional ? t('settings.reach.ownCompany') : undefined}
      >
        <Select allowClear={companyOptional} options={(data?.retailCompanies ?? []).map((c) => ({ value: c.id, label: c.name }))} data-testid="reach-company" />
      </Form.Item>
    );
  }
  if (kind === 'stores') {
    return (
      <Form.Item name="storeIds" label={t('settings.reach.stores')} extra={t('settings.reach.storesHint')} rules={[{ required: true, type: 'array', min: 1, message: t('settings.required') }]}>
        <Select
          mode="multiple"
          showSearch
          optionFilterProp="label"
          options={(data?.stores ?? []).map((s) => ({ value: s.id, label: `${s.name} · ${s.company.name}` }))}
          data-testid="reach-stores"
        />
      </Form.Item>
    );
  }
  if (kind === 'guide') {
    return (
      <Form.Item name="guideId" label={t('settings.reach.guide')} rules={[{ required: true, message: t('settings.required') }]}>
        <Select
          showSearch
          optionFilterProp="label"
          options={(data?.guides ?? []).filter((g) => g.active).map((g) => ({ value: g.id, label: `${g.name} (${g.code}) · ${g.store.name}` }))}
          data-testid="reach-guide"
        />
      </Form.Item>
    );
  }
  return null;
}
