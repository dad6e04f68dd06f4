import { useEffect, useRef, useState } from 'react';
import { useClient, useQuery, type CombinedError } from 'urql';
import { Alert, Card, Progress, Space, Spin, Statistic, Typography } from 'antd';
import { graphql } from '../../gql';
import type { EstimateAudienceQuery, SegmentRuleInput } from '../../gql/graphql';
import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/messages';
import { friendlyError } from '../../lib/errors';
import { fmtInt } from '../../lib/format';
import { MetricLabel } from '../../components/MetricLabel';
import { CHANNELS } from './rules/conditions';
import type { RuleInput } from './rules/convert';

export const EstimateDoc = graphql(`
  query EstimateAudience($rule: SegmentRuleInput!, $channels: [ReachChannel!]) {
    estimateAudience(rule: $rule, channels: $channels) {
      total
      reachable {
        channel
        count
      }
      userErrors {
        field
        message
      }
    }
  }
`);

type Estimate = EstimateAudienceQuery['estimateAudience'];

export interface LiveEstimate {
  estimate: Estimate | null;
  /** the estimate is being recomputed for the latest edit */
  pending: boolean;
  error: CombinedError | null;
  /** userErrors-like problems the estimate reported (field paths into `rule`) */
  problems: { field?: readonly string[] | null; message: string }[];
  tookMs: number | null;
}

const DEBOUNCE_MS = 350;

/**
 * The exact audience of a rule while it is being edited: waits until edits pause, cancels the request
 * in flight when the rule changes again (urql tears the fetch down, aborting it), and keeps the last
 * answer on screen meanwhile. `rule` null means "nothing valid to estimate yet".
 */
export function useLiveEstimate(rule: RuleInput | null): LiveEstimate {
  const client = useClient();
  const key = rule ? JSON.stringify(rule) : null;
  const [state, setState] = useState<LiveEstimate>({ estimate: null, pending: false, error: null, problems: [], tookMs: null });
  const inflight = useRef<{ unsubscribe: () => void } | null>(null);

  useEffect(() => {
    inflight.current?.unsubscribe();
    inflight.current = null;
    if (!key) {
      setState((s) => ({ ...s, pending: false }));
      return;
    }
    setState((s) => ({ ...s, pending: true }));
    const timer = window.setTimeout(() => {
      const started = performance.now();
      inflight.current = client
        .query(
          EstimateDoc,
          { rule: JSON.parse(key) as SegmentRuleInput, channels: CHANNELS.map((c) => c.value) as never },
          { requestPolicy: 'network-only' },
        )
        .subscribe((result) => {
          const took = Math.round(performance.now() - started);
          if (result.error) {
            const gqlProblems = (result.error.graphQLErrors ?? [])
              .filter((e) => Array.isArray(e.extensions?.field) || e.extensions?.userErrors)
              .flatMap((e) =>
                Array.isArray(e.extensions?.userErrors)
                  ? (e.extensions.userErrors as { field: string[]; message: string }[])
                  : [{ field: e.extensions?.field as string[], message: e.message }],
              );
            setState((s) => ({ ...s, pending: false, error: gqlProblems.length ? null : result.error!, problems: gqlProblems, tookMs: took }));
          } else if (result.data) {
            const data = result.data.estimateAudience;
            if (data.userErrors.length || data.total === null) {
              // an invalid rule: keep the last answer (dimmed by `incomplete`) and show why on the nodes
              setState((s) => ({ ...s, pending: false, error: null, problems: data.userErrors, tookMs: took }));
            } else {
              setState({ estimate: data, pending: false, error: null, problems: [], tookMs: took });
            }
          }
        });
    }, DEBOUNCE_MS);
    return () => {
      window.clearTimeout(timer);
      inflight.current?.unsubscribe();
      inflight.current = null;
    };
  }, [client, key]);

  return state;
}

const AllMembersDoc = graphql(`
  query AllMembersCount {
    members(first: 0) {
      totalCount
    }
  }
`);

export function EstimatePanel({ live, incomplete: incompleteRule, savedCount }: { live: LiveEstimate; incomplete: boolean; savedCount?: number | null }) {
  const t = useT();
  const [{ data: all }] = useQuery({ query: AllMembersDoc });
  const everyone = all?.members.totalCount ?? null;
  const { estimate, pending, error } = live;
  const incomplete = incompleteRule || live.problems.length > 0;
  const total = estimate?.total ?? 0;
  return (
    <Card
      title={<MetricLabel label={t('estimate.title')} definition={t('metric.estimate')} />}
      extra={pending ? <Spin size="small" /> : live.tookMs !== null ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('estimate.took', { ms: live.tookMs })}</Typography.Text> : null}
      size="small"
      data-testid="estimate-panel"
    >
      {error && <Alert type="error" showIcon title={friendlyError(error, t)} style={{ marginBottom: 12 }} />}
      {incomplete && !estimate && <Typography.Text type="secondary">{t('estimate.incomplete')}</Typography.Text>}
      {estimate && (
        <Space direction="vertical" style={{ width: '100%' }} size={12}>
          <div style={{ opacity: pending || incomplete ? 0.5 : 1, transition: 'opacity .2s' }}>
            <div className="estimate-total" data-testid="estimate-total" data-value={total}>
              {fmtInt(total)}
            </div>
            <Typography.Text type="secondary">{t('estimate.members')}</Typography.Text>
            {everyone !== null && everyone > 0 && (
              <div style={{ fontSize: 12 }}>
                <MetricLabel
                  label={t('estimate.share', { pct: Math.round((total / everyone) * 1000) / 10, all: fmtInt(everyone) })}
                  definition={t('metric.share')}
                />
              </div>
            )}
            {incomplete && (
              <Typography.Text type="warning" style={{ display: 'block', fontSize: 12 }}>
                {t('estimate.stale')}
              </Typography.Text>
            )}
          </div>
          {savedCount !== undefined && savedCount !== null && (
            <Statistic
              title={<MetricLabel label={t('segment.lastRefreshCount')} definition={t('metric.memberCount')} />}
              value={fmtInt(savedCount)}
              valueStyle={{ fontSize: 16 }}
            />
          )}
          <div>
            <MetricLabel label={t('estimate.reach')} definition={t('metric.reach')} />
            <div style={{ marginTop: 8 }} data-testid="estimate-reach">
              {CHANNELS.map((c) => {
                const count = estimate.reachable.find((r) => r.channel === c.value)?.count ?? 0;
                const pct = total ? Math.round((count / total) * 1000) / 10 : 0;
                return (
                  <div key={c.value} style={{ marginBottom: 6 }}>
                    <div style={{ display: 'flex', justifyContent: 'space-between', fontSize: 13 }}>
                      <MetricLabel label={t(c.label)} definition={t(`metric.reach.${c.value}` as MessageKey)} />
                      <span>
                        {fmtInt(count)} <Typography.Text type="secondary">({pct}%)</Typography.Text>
                      </span>
                    </div>
                    <Progress percent={pct} showInfo={false} size="small" strokeColor="#13a8a8" />
                  </div>
                );
              })}
            </div>
          </div>
        </Space>
      )}
    </Card>
  );
}
