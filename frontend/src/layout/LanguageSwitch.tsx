import { Segmented } from 'antd';
import { useI18n, type Locale } from '../i18n';

export function LanguageSwitch() {
  const { locale, setLocale } = useI18n();
  return (
    <Segmented<Locale>
      size="small"
      value={locale}
      onChange={(v) => setLocale(v)}
      options={[
        { label: '中文', value: 'zh-CN' },
        { label: 'EN', value: 'en' },
      ]}
      data-testid="language-switch"
    />
  );
}
