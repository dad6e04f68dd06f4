import { Navigate, useNavigate, useParams } from 'react-router';
import { Result, Tabs } from 'antd';
import { ApartmentOutlined, ApiOutlined, AuditOutlined, BellOutlined, KeyOutlined, ShoppingOutlined, TeamOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/messages';
import { useViewer } from '../../auth/viewer';
import { PageHeader } from '../../components/PageHeader';
import { settingsAccess, type SettingsTab } from './model';
import { OrganisationTab } from './OrganisationTab';
import { CatalogueTab } from './CatalogueTab';
import { UsersTab } from './UsersTab';
import { TokensTab } from './TokensTab';
import { AuditTab } from './AuditTab';
import { FatigueTab } from '../messaging/FatigueTab';
import { ChannelsTab } from '../messaging/ChannelsTab';

const ICONS: Record<SettingsTab, ReactNode> = {
  organisation: <ApartmentOutlined />,
  catalogue: <ShoppingOutlined />,
  channels: <ApiOutlined />,
  fatigue: <BellOutlined />,
  users: <TeamOutlined />,
  tokens: <KeyOutlined />,
  audit: <AuditOutlined />,
};

/** Settings: one tab per area the viewer may see (`/settings/<tab>`), what they may not change disabled. */
export function SettingsPage() {
  const t = useT();
  const navigate = useNavigate();
  const { tab } = useParams();
  const { viewer } = useViewer();
  const access = settingsAccess(viewer.role);
  if (!access.tabs.length) return <Result status="403" title={t('settings.noAccess')} />;
  if (!tab || !access.tabs.includes(tab as SettingsTab)) return <Navigate to={`/settings/${access.tabs[0]}`} replace />;
  const current = tab as SettingsTab;
  const body = (k: SettingsTab): ReactNode => {
    if (k !== current) return null; // only the open tab queries the server
    switch (k) {
      case 'organisation':
        return <OrganisationTab access={access} isAdmin={viewer.role === 'ADMIN'} />;
      case 'catalogue':
        return <CatalogueTab access={access} />;
      case 'users':
        return <UsersTab access={access} />;
      case 'tokens':
        return <TokensTab access={access} />;
      case 'channels':
        return <ChannelsTab />;
      case 'fatigue':
        return <FatigueTab />;
      case 'audit':
        return <AuditTab />;
    }
  };
  return (
    <>
      <PageHeader title={t('nav.settings')} subtitle={t(`settings.subtitle.${viewer.role}` as MessageKey)} />
      <Tabs
        activeKey={current}
        onChange={(k) => navigate(`/settings/${k}`)}
        data-testid="settings-tabs"
        items={access.tabs.map((k) => ({ key: k, label: <span data-testid={`settings-tab-${k}`}>{ICONS[k]} {t(`settings.tab.${k}` as MessageKey)}</span>, children: body(k) }))}
      />
    </>
  );
}
