import { useState, type ReactNode } from 'react';
import type { CombinedError } from 'urql';
import { Alert, Button, Form, Modal, Space, Tag, Typography, type FormInstance } from 'antd';
import { CopyOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { useI18n, type Translate } from '../../i18n';
import { friendlyError } from '../../lib/errors';
import { settingsMessage as serverMessage } from './serverMessages';
import { fmtDateTime } from '../../lib/format';
import type { Role } from '../../gql/graphql';
import type { MessageKey } from '../../i18n/messages';
import { placeUserErrors, type ServerError } from './model';

/** What a submitted form learnt from the server. */
export type Outcome = { ok: true } | { ok: false; errors?: ReadonlyArray<ServerError>; problem?: string | null };

/** A mutation's result as an Outcome: a fault (network, permission) as a problem, bad input as errors. */
export function outcomeOf(
  res: { error?: CombinedError; data?: unknown },
  payload: { userErrors: ReadonlyArray<ServerError> } | null | undefined,
  t: Translate,
): Outcome {
  if (res.error) return { ok: false, problem: friendlyError(res.error, t) };
  if (!payload) return { ok: false, problem: t('error.unexpected') };
  if (payload.userErrors.length) return { ok: false, errors: payload.userErrors };
  return { ok: true };
}

/**
 * A create or edit form in a modal. The server's userErrors land on their fields (`["input", name]`);
 * the others (the record's id, a refusal) show in an alert above the form. Nothing closes until the
 * server said yes.
 */
export function FormModal<V extends object>({
  title,
  open,
  form,
  fields,
  initialValues,
  onClose,
  submit,
  okText,
  testId,
  children,
}: {
  title: ReactNode;
  open: boolean;
  form: FormInstance<V>;
  /** The form's field names (the input's field names), where userErrors may land. */
  fields: ReadonlyArray<string>;
  initialValues?: Partial<V>;
  onClose: () => void;
  submit: (values: V) => Promise<Outcome>;
  okText?: ReactNode;
  testId?: string;
  children: ReactNode;
}) {
  const { t, locale } = useI18n();
  const [busy, setBusy] = useState(false);
  const [general, setGeneral] = useState<string[]>([]);

  const ok = async () => {
    setGeneral([]);
    let values: V;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      const out = await submit(values);
      if (out.ok) {
        onClose();
        return;
      }
      const placed = placeUserErrors(out.errors ?? [], fields, (m) => serverMessage(m, locale));
      form.setFields(placed.fields.map((f) => ({ name: f.name as never, errors: f.errors })));
      const msgs = [...(out.problem ? [out.problem] : []), ...placed.general];
      setGeneral(msgs.length || placed.fields.length ? msgs : [t('error.unexpected')]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      title={title}
      open={open}
      onOk={ok}
      onCancel={onClose}
      okText={okText ?? t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
      afterClose={() => setGeneral([])}
      okButtonProps={testId ? { 'data-testid': `${testId}-ok` } : undefined}
      width={560}
    >
      {general.length > 0 && (
        <Alert type="error" showIcon title={general.join(' ')} style={{ marginBottom: 16 }} data-testid="form-problem" />
      )}
      <Form form={form} layout="vertical" preserve={false} initialValues={initialValues} requiredMark="optional" data-testid={testId}>
        {children}
      </Form>
    </Modal>
  );
}

/**
 * A secret the server answers once (an API token, a set-password link): a clear warning that it is
 * shown only now, the value selectable, and a copy button.
 */
export function OneTimeSecret({
  label,
  value,
  warning,
  expiresAt,
  testId,
}: {
  label: ReactNode;
  value: string;
  warning: ReactNode;
  expiresAt?: string | null;
  testId: string;
}) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      // no clipboard (plain http, permissions): select the text so Ctrl+C works
      const el = document.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
      if (el) window.getSelection()?.selectAllChildren(el);
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      <Alert type="warning" showIcon icon={<ExclamationCircleOutlined />} title={t('settings.shownOnce')} description={warning} />
      <div>
        <Typography.Text type="secondary">{label}</Typography.Text>
        <div className="one-time-secret">
          <Typography.Text code style={{ wordBreak: 'break-all', fontSize: 13 }} data-testid={testId}>
            {value}
          </Typography.Text>
        </div>
      </div>
      <Space>
        <Button type="primary" icon={<CopyOutlined />} onClick={copy} data-testid={`${testId}-copy`}>
          {copied ? t('settings.copied') : t('settings.copy')}
        </Button>
        {expiresAt && <Typography.Text type="secondary">{t('settings.validUntil', { at: fmtDateTime(expiresAt) })}</Typography.Text>}
      </Space>
    </Space>
  );
}

/** A modal that shows a one-time secret; closing it asks nothing, but the text says it is gone after. */
export function SecretModal({ title, open, onClose, children }: { title: ReactNode; open: boolean; onClose: () => void; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <Modal
      title={title}
      open={open}
      onCancel={onClose}
      maskClosable={false}
      destroyOnHidden
      footer={
        <Button type="primary" onClick={onClose} data-testid="secret-done">
          {t('settings.secretDone')}
        </Button>
      }
      width={620}
    >
      {children}
    </Modal>
  );
}

const ROLE_COLORS: Record<Role, string> = {
  ADMIN: 'red',
  COMPANY_ADMIN: 'volcano',
  STORE_MANAGER: 'blue',
  GUIDE: 'green',
  PARTNER: 'purple',
};

export function RoleTag({ role }: { role: Role }) {
  const { t } = useI18n();
  return <Tag color={ROLE_COLORS[role]}>{t(`role.${role}` as MessageKey)}</Tag>;
}

/** The organisation a user or token reaches, in words. */
export function ReachText({
  role,
  company,
  stores,
  guide,
}: {
  role: Role;
  company?: { name: string } | null;
  stores?: ReadonlyArray<{ name: string }>;
  guide?: { name: string } | null;
}) {
  const { t } = useI18n();
  if (role === 'ADMIN') return <Typography.Text type="secondary">{t('settings.reachAll')}</Typography.Text>;
  if (company) return <span>{company.name}</span>;
  if (stores && stores.length) return <span>{stores.map((s) => s.name).join('、')}</span>;
  if (guide) return <span>{guide.name}</span>;
  return <Typography.Text type="secondary">—</Typography.Text>;
}

/** A read-only notice for a list the viewer may see but not change. */
export function ReadOnlyNote({ children }: { children: ReactNode }) {
  return <Alert type="info" showIcon title={children} style={{ marginBottom: 12 }} />;
}

export { Form };
