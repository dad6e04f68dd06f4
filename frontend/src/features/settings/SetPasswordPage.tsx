import { useEffect, useState } from 'react';
import { useMutation } from 'urql';
import { Alert, Button, Card, Form, Input, Result, Typography } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { graphql } from '../../gql';
import { useI18n } from '../../i18n';
import { friendlyError } from '../../lib/errors';
import { settingsMessage as serverMessage } from './serverMessages';
import { LanguageSwitch } from '../../layout/LanguageSwitch';
import { tokenFromHash } from './model';

const UserPasswordSetDoc = graphql(`
  mutation UserPasswordSet($input: UserPasswordSetInput!) {
    userPasswordSet(input: $input) {
      username
      userErrors {
        field
        message
        code
      }
    }
  }
`);

/**
 * The page an invitation or password-reset link opens (`/set-password#<token>`), without a session.
 * The token sits in the fragment, so it never reaches a server log; it is removed from the address
 * bar as soon as the page has read it.
 */
export function SetPasswordPage() {
  const { t, locale } = useI18n();
  const [token] = useState(() => tokenFromHash(window.location.hash));
  useEffect(() => {
    if (window.location.hash) window.history.replaceState(null, '', window.location.pathname);
  }, []);
  const [form] = Form.useForm<{ password: string; confirm: string }>();
  const [{ fetching }, setPassword] = useMutation(UserPasswordSetDoc);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const submit = async (v: { password: string }) => {
    setProblem(null);
    const res = await setPassword({ input: { token, password: v.password } });
    if (res.error) {
      setProblem(friendlyError(res.error, t));
      return;
    }
    const payload = res.data?.userPasswordSet;
    if (!payload) return setProblem(t('error.unexpected'));
    const pw = payload.userErrors.filter((e) => e.field?.[1] === 'password');
    const other = payload.userErrors.filter((e) => e.field?.[1] !== 'password');
    if (pw.length) form.setFields([{ name: 'password', errors: pw.map((e) => serverMessage(e.message, locale)) }]);
    if (other.length) setProblem(other.some((e) => e.field?.[1] === 'token') ? t('setPassword.badLink') : other.map((e) => serverMessage(e.message, locale)).join(' '));
    if (!payload.userErrors.length) setDone(payload.username ?? '');
  };

  return (
    <div className="login-page">
      <div style={{ position: 'absolute', top: 16, right: 24 }}>
        <LanguageSwitch />
      </div>
      <Card className="login-card" variant="borderless">
        <div style={{ textAlign: 'center', marginBottom: 24 }}>
          <img src="/favicon.svg" alt="" width={48} height={48} />
          <Typography.Title level={3} style={{ margin: '12px 0 4px' }}>
            {t('setPassword.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('setPassword.subtitle')}</Typography.Text>
        </div>
        {done !== null ? (
          <Result
            status="success"
            title={t('setPassword.done')}
            subTitle={t('setPassword.doneHint', { username: done })}
            extra={
              <Button type="primary" href="/" data-testid="set-password-login">
                {t('login.submit')}
              </Button>
            }
          />
        ) : !token ? (
          <Alert type="error" showIcon title={t('setPassword.noToken')} />
        ) : (
          <>
            {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} data-testid="set-password-problem" />}
            <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} size="large">
              <Form.Item
                name="password"
                label={t('setPassword.password')}
                extra={t('setPassword.passwordHint')}
                rules={[
                  { required: true, message: t('login.passwordRequired') },
                  { min: 8, message: t('setPassword.tooShort') },
                  { max: 256, message: t('setPassword.tooLong') },
                ]}
              >
                <Input.Password prefix={<LockOutlined />} autoComplete="new-password" autoFocus id="set-password" />
              </Form.Item>
              <Form.Item
                name="confirm"
                label={t('setPassword.confirm')}
                dependencies={['password']}
                rules={[
                  { required: true, message: t('setPassword.confirmRequired') },
                  ({ getFieldValue }) => ({
                    validator: (_, value) => (!value || getFieldValue('password') === value ? Promise.resolve() : Promise.reject(new Error(t('setPassword.mismatch')))),
                  }),
                ]}
              >
                <Input.Password prefix={<LockOutlined />} autoComplete="new-password" id="set-password-confirm" />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={fetching} data-testid="set-password-submit">
                {t('setPassword.submit')}
              </Button>
            </Form>
          </>
        )}
      </Card>
    </div>
  );
}
