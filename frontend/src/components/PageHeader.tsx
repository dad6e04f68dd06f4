import { Breadcrumb, Space, Typography } from 'antd';
import { Link } from 'react-router';
import type { ReactNode } from 'react';

export function PageHeader({
  title,
  subtitle,
  extra,
  crumbs,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  extra?: ReactNode;
  crumbs?: { to?: string; label: ReactNode }[];
}) {
  return (
    <div className="page-header">
      {crumbs && (
        <Breadcrumb
          style={{ marginBottom: 8 }}
          items={crumbs.map((c) => ({ title: c.to ? <Link to={c.to}>{c.label}</Link> : c.label }))}
        />
      )}
      <div className="page-header-row">
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {title}
          </Typography.Title>
          {subtitle && <Typography.Text type="secondary">{subtitle}</Typography.Text>}
        </div>
        {extra && <Space>{extra}</Space>}
      </div>
    </div>
  );
}
