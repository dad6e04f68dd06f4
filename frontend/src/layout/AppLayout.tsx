import { useState, type ReactNode } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { Avatar, Dropdown, Layout, Menu, Space, Tag, Typography } from 'antd';
import {
  ApartmentOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  ClusterOutlined,
  FileTextOutlined,
  MessageOutlined,
  LogoutOutlined,
  SettingOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useMutation } from 'urql';
import { graphql } from '../gql';
import { useT } from '../i18n';
import type { MessageKey } from '../i18n/messages';
import { useViewer } from '../auth/viewer';
import { LanguageSwitch } from './LanguageSwitch';
import { settingsAccess } from '../features/settings/model';

const LogoutDoc = graphql(`
  mutation Logout {
    logout {
      __typename
    }
  }
`);

/** The navigation. Later areas (plans, canvas, guide tasks) plug in here by path. */
export const NAV: { path: string; label: MessageKey; icon: ReactNode }[] = [
  { path: '/members', label: 'nav.members', icon: <TeamOutlined /> },
  { path: '/segments', label: 'nav.segments', icon: <ClusterOutlined /> },
  { path: '/plans', label: 'nav.plans', icon: <CalendarOutlined /> },
  { path: '/canvas', label: 'nav.canvas', icon: <ApartmentOutlined /> },
  { path: '/guide-tasks', label: 'nav.guideTasks', icon: <CheckSquareOutlined /> },
  { path: '/templates', label: 'nav.templates', icon: <FileTextOutlined /> },
  { path: '/messages', label: 'nav.messages', icon: <MessageOutlined /> },
  { path: '/settings', label: 'nav.settings', icon: <SettingOutlined /> },
];

export function AppLayout({ onLoggedOut }: { onLoggedOut: () => void }) {
  const t = useT();
  const { viewer } = useViewer();
  const location = useLocation();
  const navigate = useNavigate();
  const [collapsed, setCollapsed] = useState(false);
  const [, logout] = useMutation(LogoutDoc);
  // Settings shows only to roles that have a tab in it (partners are systems and have none)
  const nav = NAV.filter((n) => n.path !== '/settings' || settingsAccess(viewer.role).tabs.length > 0);
  const selected = nav.find((n) => location.pathname.startsWith(n.path))?.path ?? '/members';

  const doLogout = async () => {
    await logout({});
    onLoggedOut();
    navigate('/members');
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <div style={{ background: '#001529', flex: 'none' }}>
      <Layout.Sider
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        width={216}
        theme="dark"
        style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
      >
        <Link to="/members" className="brand">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          {!collapsed && <span>Rapport</span>}
        </Link>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={[selected]}
          items={nav.map((n) => ({ key: n.path, icon: n.icon, label: <Link to={n.path}>{t(n.label)}</Link> }))}
          data-testid="main-nav"
        />
      </Layout.Sider>
      </div>
      <Layout>
        <Layout.Header className="app-header">
          <Typography.Text type="secondary" className="app-header-title">
            {t('app.tagline')}
          </Typography.Text>
          <Space size="large">
            <LanguageSwitch />
            {/* click, not hover: works on touch screens and keyboards, and stays open while the pointer moves */}
            <Dropdown
              trigger={['click']}
              menu={{
                items: [
                  { key: 'logout', icon: <LogoutOutlined />, label: t('auth.logout'), onClick: doLogout },
                ],
              }}
            >
              <Space style={{ cursor: 'pointer' }} data-testid="viewer-menu">
                <Avatar size="small" icon={<UserOutlined />} style={{ background: '#1677ff' }} />
                <span data-testid="viewer-name">{viewer.name}</span>
                <Tag color="blue" style={{ marginInlineEnd: 0 }}>
                  {t(`role.${viewer.role}` as MessageKey)}
                </Tag>
              </Space>
            </Dropdown>
          </Space>
        </Layout.Header>
        <Layout.Content className="app-content">
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
