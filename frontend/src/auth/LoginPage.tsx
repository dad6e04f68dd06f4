import { useState } from 'react';
import { useMutation } from 'urql';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { graphql } from '../gql';
import { useT } from '../i18n';
import { friendlyError } from '../lib/errors';
import { LanguageSwitch } from '../layout/LanguageSwitch';

const LoginDoc = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      viewer {
        name
        role
      }
      userErrors {
        field
        message
      }
    }
  }
`);

export function LoginPage({ onLoggedIn }: { onLoggedIn: () => void }) {
  const t = useT();
  const [{ fetching }, login] = useMutation(LoginDoc);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (values: { username: string; password: string }) => {
    setProblem(null);
    const res = await login({ input: { username: values.username.trim(), password: values.password } });
    if (res.error) {
      setProblem(friendlyError(res.error, t));
      return;
    }
    const payload = res.data?.login;
    if (!payload || payload.userErrors.length || !payload.viewer) {
      setProblem(t('login.failed'));
      return;
    }
    onLoggedIn();
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
            Rapport
          </Typography.Title>
          <Typography.Text type="secondary">{t('login.subtitle')}</Typography.Text>
        </div>
        {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} />}
        <Form layout="vertical" onFinish={submit} requiredMark={false} size="large">
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, message: t('login.usernameRequired') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus id="login-username" />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" id="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={fetching} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
