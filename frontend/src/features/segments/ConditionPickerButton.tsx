import { Button, Dropdown } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/messages';
import { CATEGORIES, CONDITIONS, type ConditionKey } from './rules/conditions';

export function ConditionPickerButton({ onPick }: { onPick: (k: ConditionKey) => void }) {
  const t = useT();
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: CATEGORIES.map((cat) => ({
          key: cat,
          type: 'group' as const,
          label: t(`category.${cat}` as MessageKey),
          children: CONDITIONS.filter((c) => c.category === cat).map((c) => ({ key: c.key, label: t(c.label) })),
        })),
        onClick: ({ key }) => onPick(key as ConditionKey),
        style: { maxHeight: 420, overflowY: 'auto' },
      }}
    >
      <Button type="primary" icon={<PlusOutlined />} data-testid="add-first-condition">
        {t('rule.addCondition')}
      </Button>
    </Dropdown>
  );
}
