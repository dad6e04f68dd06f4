import { Tooltip } from 'antd';
import { QuestionCircleOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';

/** A metric's name with its definition on hover: every count in the admin says what it counts. */
export function MetricLabel({ label, definition }: { label: ReactNode; definition: ReactNode }) {
  return (
    <Tooltip title={definition}>
      <span className="metric-label" style={{ cursor: 'help', whiteSpace: 'nowrap' }}>
        {label} <QuestionCircleOutlined style={{ color: 'rgba(0,0,0,0.35)', fontSize: 12 }} />
      </span>
    </Tooltip>
  );
}
