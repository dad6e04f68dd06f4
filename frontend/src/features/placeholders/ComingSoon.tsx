import { Card, Result } from 'antd';
import { ClockCircleOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/messages';
import { PageHeader } from '../../components/PageHeader';

/** A screen for an area that is planned but not built yet: it says so plainly. */
export function ComingSoon({ title, description }: { title: MessageKey; description: MessageKey }) {
  const t = useT();
  return (
    <>
      <PageHeader title={t(title)} />
      <Card>
        <Result
          icon={<ClockCircleOutlined style={{ color: '#8c8c8c' }} />}
          title={t('comingSoon.title')}
          subTitle={t(description)}
        />
      </Card>
    </>
  );
}
