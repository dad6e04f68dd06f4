import { useEffect, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { Alert, App, Button, Card, Form, Input, InputNumber, Select, Space, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { graphql } from '../../gql';
import type { Channel, FatiguePeriod } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/messages';
import { friendlyError } from '../../lib/errors';
import { settingsMessage as serverMessage } from '../settings/serverMessages';

const FatiguePolicyDoc = graphql(`
  query FatiguePolicy {
    fatiguePolicy {
      inherited
      quietHoursInherited
      rules { channel period length maxSends description }
      quietHours { channel start end }
    }
  }
`);

const FatigueRulesSetDoc = graphql(`
  mutation FatigueRulesSet($input: FatigueRulesSetInput!) {
    fatigueRulesSet(input: $input) {
      policy { inherited rules { channel period length maxSends description } }
      userErrors { field message code }
    }
  }
`);

const QuietHoursSetDoc = graphql(`
  mutation QuietHoursSet($input: QuietHoursSetInput!) {
    quietHoursSet(input: $input) {
      policy { quietHoursInherited quietHours { channel start end } }
      userErrors { field message code }
    }
  }
`);

const CHANNELS: Channel[] = ['SMS', 'WECHAT', 'WECOM', 'EMAIL', 'PUSH'];
const PERIODS: FatiguePeriod[] = ['DAY', 'WEEK', 'MONTH', 'ROLLING_HOURS', 'ROLLING_DAYS'];
const ALL = '*';

interface CapRow { channel: Channel | typeof ALL; period: FatiguePeriod; length: number; maxSends: number }
interface QuietRow { channel: Channel | typeof ALL; start: string; end: string }
type Err = { field?: ReadonlyArray<string> | null; message: string };

/** The errors of list item `i` of `list` (`["input", list, i, field]`), by field. */
function errorsAt(errors: ReadonlyArray<Err>, list: string): { items: Map<string, string[]>; general: string[] } {
  const items = new Map<string, string[]>();
  const general: string[] = [];
  for (const e of errors) {
    const f = e.field ?? [];
    if (f[1] === list && f.length >= 4) {
      const key = `${f[2]}.${f[3]}`;
      items.set(key, [...(items.get(key) ?? []), e.message]);
    } else general.push(e.message);
  }
  return { items, general };
}

/** Settings → fatigue caps and quiet hours of HQ (admins) or of the company admin's company. */
export function FatigueTab() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [{ data, fetching, error }, refetch] = useQuery({ query: FatiguePolicyDoc });
  const [, setRules] = useMutation(FatigueRulesSetDoc);
  const [, setQuiet] = useMutation(QuietHoursSetDoc);
  const [caps] = Form.useForm<{ rules: CapRow[] }>();
  const [quiet] = Form.useForm<{ windows: QuietRow[] }>();
  const [capErrors, setCapErrors] = useState<string[]>([]);
  const [quietErrors, setQuietErrors] = useState<string[]>([]);
  const policy = data?.fatiguePolicy;

  useEffect(() => {
    if (!policy) return;
    caps.setFieldsValue({ rules: policy.rules.map((r) => ({ channel: r.channel ?? ALL, period: r.period, length: r.length, maxSends: r.maxSends })) });
    quiet.setFieldsValue({ windows: policy.quietHours.map((q) => ({ channel: q.channel ?? ALL, start: q.start, end: q.end })) });
  }, [policy, caps, quiet]);

  const place = (form: typeof caps | typeof quiet, list: string, errs: ReadonlyArray<Err>, set: (m: string[]) => void) => {
    const { items, general } = errorsAt(errs, list);
    form.setFields([...items].map(([k, msgs]) => {
      const [i, name] = k.split('.');
      return { name: [list, Number(i), name] as never, errors: msgs.map((m) => serverMessage(m, locale) ?? m) };
    }));
    set(general.map((m) => serverMessage(m, locale) ?? m));
  };

  const saveCaps = async () => {
    const rows = caps.getFieldValue('rules') as CapRow[] | undefined;
    const res = await setRules({ input: { rules: (rows ?? []).map((r) => ({
      channel: r.channel === ALL ? null : r.channel, period: r.period, length: Number(r.length ?? 1), maxSends: Number(r.maxSends ?? 0) })) } });
    const errs = res.data?.fatigueRulesSet.userErrors ?? [];
    if (res.error) return setCapErrors([friendlyError(res.error, t) ?? t('error.unexpected')]);
    place(caps, 'rules', errs, setCapErrors);
    if (!errs.length) { message.success(t('fatigue.saved')); refetch({ requestPolicy: 'network-only' }); }
  };

  const saveQuiet = async () => {
    const rows = quiet.getFieldValue('windows') as QuietRow[] | undefined;
    const res = await setQuiet({ input: { windows: (rows ?? []).map((q) => ({
      channel: q.channel === ALL ? null : q.channel, start: q.start ?? '', end: q.end ?? '' })) } });
    const errs = res.data?.quietHoursSet.userErrors ?? [];
    if (res.error) return setQuietErrors([friendlyError(res.error, t) ?? t('error.unexpected')]);
    place(quiet, 'windows', errs, setQuietErrors);
    if (!errs.length) { message.success(t('fatigue.saved')); refetch({ requestPolicy: 'network-only' }); }
  };

  if (error) return <Alert type="error" message={friendlyError(error, t)} />;
  const channelOptions = [{ value: ALL, label: t('fatigue.allChannels') }, ...CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}` as MessageKey) }))];
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="fatigue-tab">
      <Card title={<Space>{t('fatigue.caps')}{policy?.inherited && <Tag data-testid="caps-inherited">{t('fatigue.inherited')}</Tag>}</Space>} loading={fetching && !policy}>
        <Typography.Paragraph type="secondary">{t('fatigue.capsHelp')}</Typography.Paragraph>
        {capErrors.length > 0 && <Alert type="error" message={capErrors.join(' ')} style={{ marginBottom: 12 }} data-testid="caps-error" />}
        <Form form={caps} layout="inline" onFinish={saveCaps}>
          <Form.List name="rules">
            {(fields, { add, remove }) => (
              <Space direction="vertical" style={{ width: '100%' }}>
                {fields.map((f) => (
                  <Space key={f.key} align="start" data-testid="cap-row" wrap>
                    <Form.Item name={[f.name, 'channel']} label={t('fatigue.channel')}><Select style={{ width: 190 }} options={channelOptions} data-testid="cap-channel" /></Form.Item>
                    <Form.Item name={[f.name, 'period']} label={t('fatigue.period')}><Select style={{ width: 150 }} options={PERIODS.map((p) => ({ value: p, label: t(`period.${p}` as MessageKey) }))} data-testid="cap-period" /></Form.Item>
                    <Form.Item name={[f.name, 'length']} label={t('fatigue.length')}><InputNumber style={{ width: 80 }} data-testid="cap-length" /></Form.Item>
                    <Form.Item name={[f.name, 'maxSends']} label={t('fatigue.maxSends')}><InputNumber style={{ width: 80 }} data-testid="cap-max" /></Form.Item>
                    <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('fatigue.remove')} />
                  </Space>
                ))}
                <Space>
                  <Button icon={<PlusOutlined />} onClick={() => add({ channel: 'SMS', period: 'DAY', length: 1, maxSends: 1 })} data-testid="cap-add">{t('fatigue.addCap')}</Button>
                  <Button type="primary" htmlType="submit" data-testid="caps-save">{t('fatigue.saveCaps')}</Button>
                </Space>
              </Space>
            )}
          </Form.List>
        </Form>
        {policy && policy.rules.length > 0 && (
          <ul data-testid="caps-saved">{policy.rules.map((r, i) => <li key={i}>{r.description}</li>)}</ul>
        )}
      </Card>
      <Card title={<Space>{t('fatigue.quiet')}{policy?.quietHoursInherited && <Tag>{t('fatigue.inherited')}</Tag>}</Space>} loading={fetching && !policy}>
        <Typography.Paragraph type="secondary">{t('fatigue.quietHelp')}</Typography.Paragraph>
        {quietErrors.length > 0 && <Alert type="error" message={quietErrors.join(' ')} style={{ marginBottom: 12 }} data-testid="quiet-error" />}
        <Form form={quiet} layout="inline" onFinish={saveQuiet}>
          <Form.List name="windows">
            {(fields, { add, remove }) => (
              <Space direction="vertical" style={{ width: '100%' }}>
                {fields.map((f) => (
                  <Space key={f.key} align="start" data-testid="quiet-row" wrap>
                    <Form.Item name={[f.name, 'channel']} label={t('fatigue.channel')}><Select style={{ width: 190 }} options={channelOptions} /></Form.Item>
                    <Form.Item name={[f.name, 'start']} label={t('fatigue.start')}><Input style={{ width: 90 }} placeholder="21:00" data-testid="quiet-start" /></Form.Item>
                    <Form.Item name={[f.name, 'end']} label={t('fatigue.end')}><Input style={{ width: 90 }} placeholder="09:00" data-testid="quiet-end" /></Form.Item>
                    <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('fatigue.remove')} />
                  </Space>
                ))}
                <Space>
                  <Button icon={<PlusOutlined />} onClick={() => add({ channel: 'SMS', start: '21:00', end: '09:00' })} data-testid="quiet-add">{t('fatigue.addQuiet')}</Button>
                  <Button type="primary" htmlType="submit" data-testid="quiet-save">{t('fatigue.saveQuiet')}</Button>
                </Space>
              </Space>
            )}
          </Form.List>
        </Form>
      </Card>
    </Space>
  );
}
