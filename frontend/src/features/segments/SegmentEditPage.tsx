import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { Alert, App, Button, Card, Col, Empty, Form, Input, Row, Skeleton, Space, Typography } from 'antd';
import { SaveOutlined } from '@ant-design/icons';
import { graphql } from '../../gql';
import type { SegmentRuleInput } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { serverMessage } from '../../lib/serverMessages';
import { friendlyError } from '../../lib/errors';
import { PageHeader } from '../../components/PageHeader';
import { RuleBuilder, newCondition } from './rules/RuleBuilder';
import { fromRuleInput, localProblems, placeErrors, toRuleInput, type NodeProblem } from './rules/convert';
import { countConditions, group, type GroupNode } from './rules/model';
import { useRuleOptions } from './options';
import { EstimatePanel, useLiveEstimate } from './estimate';
import { ConditionPickerButton } from './ConditionPickerButton';

export const SegmentForEditDoc = graphql(`
  query SegmentForEdit($id: ID!) {
    segment(id: $id) {
      id
      name
      description
      kind
      rule
      memberCount
    }
  }
`);

const SegmentCreateDoc = graphql(`
  mutation SegmentCreate($input: SegmentCreateInput!) {
    segmentCreate(input: $input) {
      segment {
        id
      }
      userErrors {
        field
        message
      }
    }
  }
`);

const SegmentUpdateDoc = graphql(`
  mutation SegmentUpdate($id: ID!, $input: SegmentUpdateInput!) {
    segmentUpdate(id: $id, input: $input) {
      segment {
        id
      }
      userErrors {
        field
        message
      }
    }
  }
`);

function Editor({ initial, segmentId, savedCount, readOnly }: { initial: { name: string; description: string; rule: GroupNode }; segmentId?: string; savedCount?: number; readOnly?: boolean }) {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string; description: string }>();
  const [tree, setTree] = useState<GroupNode>(initial.rule);
  const [serverProblems, setServerProblems] = useState<Map<string, NodeProblem[]>>(new Map());
  const [saveProblem, setSaveProblem] = useState<string | null>(null);
  const { options } = useRuleOptions();
  const [{ fetching: creating }, create] = useMutation(SegmentCreateDoc);
  const [{ fetching: updating }, update] = useMutation(SegmentUpdateDoc);

  const encoded = useMemo(() => toRuleInput(tree), [tree]);
  const local = useMemo(() => localProblems(tree), [tree]);
  const conditions = countConditions(tree);
  const complete = local.size === 0 && conditions > 0;
  const live = useLiveEstimate(complete ? encoded.input : null);

  // Problems the estimate reports belong to the tree as it is now: show them on their nodes.
  const estimateProblems = useMemo(() => placeErrors(live.problems, encoded.paths, ['rule']), [live.problems, encoded.paths]);
  const server = useMemo(() => {
    const merged = new Map(serverProblems);
    for (const [k, v] of estimateProblems) merged.set(k, [...(merged.get(k) ?? []), ...v]);
    return merged;
  }, [serverProblems, estimateProblems]);

  const onTreeChange = (next: GroupNode) => {
    setTree(next);
    setServerProblems(new Map()); // the edit may have fixed them; saving re-checks
  };

  const save = async () => {
    setSaveProblem(null);
    let values: { name: string; description: string };
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    if (!conditions) {
      setSaveProblem(t('segment.needCondition'));
      return;
    }
    const input = { name: values.name.trim(), description: values.description?.trim() ?? '', rule: encoded.input as SegmentRuleInput };
    const res = segmentId ? await update({ id: segmentId, input }) : await create({ input });
    if (res.error) {
      setSaveProblem(friendlyError(res.error, t));
      return;
    }
    const payload = res.data && ('segmentCreate' in res.data ? res.data.segmentCreate : res.data.segmentUpdate);
    if (!payload) return;
    if (payload.userErrors.length) {
      const placed = placeErrors(payload.userErrors, encoded.paths, ['input', 'rule']);
      const general = placed.get('') ?? [];
      placed.delete('');
      setServerProblems(placed);
      const nameErr = payload.userErrors.find((e) => e.field?.join('.') === 'input.name');
      if (nameErr) form.setFields([{ name: 'name', errors: [serverMessage(nameErr.message, locale)] }]);
      const other = general.filter((g) => g.message !== nameErr?.message);
      setSaveProblem(other.length ? other.map((g) => serverMessage(g.message, locale)).join(' ') : t('segment.fixProblems'));
      return;
    }
    message.success(segmentId ? t('segment.updated') : t('segment.created'));
    navigate(`/segments/${encodeURIComponent(payload.segment!.id)}`);
  };

  return (
    <>
      <PageHeader
        title={segmentId ? t('segment.editTitle', { name: initial.name }) : t('segment.newTitle')}
        subtitle={t('segment.editSubtitle')}
        crumbs={[{ to: '/segments', label: t('nav.segments') }, { label: segmentId ? initial.name : t('segment.newTitle') }]}
        extra={
          <>
            <Button onClick={() => navigate(segmentId ? `/segments/${encodeURIComponent(segmentId)}` : '/segments')}>{t('common.cancel')}</Button>
            <Button type="primary" icon={<SaveOutlined />} loading={creating || updating} onClick={save} disabled={readOnly} data-testid="segment-save">
              {t('common.save')}
            </Button>
          </>
        }
      />
      <Row gutter={16} align="top">
        <Col xs={24} lg={16}>
          <Space direction="vertical" style={{ width: '100%' }} size={16}>
            <Card size="small">
              <Form form={form} layout="vertical" initialValues={{ name: initial.name, description: initial.description }} requiredMark="optional">
                <Row gutter={16}>
                  <Col xs={24} md={10}>
                    <Form.Item name="name" label={t('segment.name')} rules={[{ required: true, whitespace: true, message: t('segment.nameRequired') }, { max: 120, message: t('segment.nameTooLong') }]} style={{ marginBottom: 0 }}>
                      <Input placeholder={t('segment.namePlaceholder')} data-testid="segment-name" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={14}>
                    <Form.Item name="description" label={t('segment.description')} style={{ marginBottom: 0 }}>
                      <Input placeholder={t('segment.descriptionPlaceholder')} />
                    </Form.Item>
                  </Col>
                </Row>
              </Form>
            </Card>
            {readOnly && <Alert type="info" showIcon title={t('segment.smartReadOnly')} />}
            {saveProblem && <Alert type="error" showIcon title={saveProblem} closable onClose={() => setSaveProblem(null)} data-testid="save-problem" />}
            <Card size="small" title={t('segment.rule')} extra={<Typography.Text type="secondary">{t('segment.conditionCount', { count: conditions })}</Typography.Text>}>
              {conditions === 0 && tree.children.length === 0 ? (
                <Empty description={t('segment.emptyRule')} image={Empty.PRESENTED_IMAGE_SIMPLE}>
                  <ConditionPickerButton onPick={(k) => onTreeChange({ ...tree, children: [newCondition(k)] })} />
                </Empty>
              ) : (
                <RuleBuilder value={tree} onChange={onTreeChange} options={options} problems={{ local, server }} readOnly={readOnly} />
              )}
            </Card>
          </Space>
        </Col>
        <Col xs={24} lg={8}>
          <div style={{ position: 'sticky', top: 84 }}>
            <EstimatePanel live={live} incomplete={!complete} savedCount={savedCount} />
          </div>
        </Col>
      </Row>
    </>
  );
}

export function SegmentEditPage() {
  const { t } = useI18n();
  const { id } = useParams();
  const [{ data, fetching, error }] = useQuery({ query: SegmentForEditDoc, variables: { id: id ?? '' }, pause: !id, requestPolicy: 'network-only' });
  const [initial, setInitial] = useState<{ name: string; description: string; rule: GroupNode } | null>(id ? null : { name: '', description: '', rule: group('all') });
  const [parseProblem, setParseProblem] = useState<string | null>(null);

  useEffect(() => {
    if (!id || !data?.segment || initial) return;
    try {
      setInitial({ name: data.segment.name, description: data.segment.description ?? '', rule: fromRuleInput(data.segment.rule as Record<string, unknown>) });
    } catch (e) {
      console.warn(e);
      setParseProblem(t('segment.ruleUnreadable'));
    }
  }, [id, data, initial, t]);

  if (error) return <Alert type="error" showIcon title={friendlyError(error, t)} />;
  if (parseProblem) return <Alert type="error" showIcon title={parseProblem} />;
  if (id && !fetching && data && !data.segment) return <Alert type="warning" showIcon title={t('segment.notFound')} />;
  if (!initial) return <Skeleton active />;
  return <Editor initial={initial} segmentId={id} savedCount={data?.segment?.memberCount} readOnly={data?.segment?.kind === 'SMART'} />;
}
