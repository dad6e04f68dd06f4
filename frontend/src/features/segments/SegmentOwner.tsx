import { Tag, Tooltip } from 'antd';
import { BankOutlined, ShopOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';

/** Who owns a segment: HQ (the brand, read-only below admins) or a retail company. */
export function SegmentOwner({ company }: { company: { name: string } | null | undefined }) {
  const t = useT();
  return company ? (
    <Tooltip title={t('segment.ownerCompanyHint')}>
      <Tag icon={<ShopOutlined />} data-testid="segment-owner">{company.name}</Tag>
    </Tooltip>
  ) : (
    <Tooltip title={t('segment.ownerHqHint')}>
      <Tag icon={<BankOutlined />} color="geekblue" data-testid="segment-owner">{t('segment.ownerHq')}</Tag>
    </Tooltip>
  );
}
