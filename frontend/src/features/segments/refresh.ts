import { useState } from 'react';
import { useMutation } from 'urql';
import { App } from 'antd';
import { graphql } from '../../gql';
import { useT } from '../../i18n';
import { friendlyError } from '../../lib/errors';
import { fmtDuration, fmtInt } from '../../lib/format';

const SegmentRefreshDoc = graphql(`
  mutation SegmentRefresh($id: ID!) {
    segmentRefresh(id: $id) {
      segment {
        id
        memberCount
        lastRefreshedAt
        lastRefreshMs
        refreshSlow
      }
      refresh {
        memberCount
        entered
        exited
        durationMs
      }
      userErrors {
        field
        message
      }
    }
  }
`);

/** Refresh a segment now, with a progress message while it runs and the outcome in words. */
export function useRefreshSegment(onDone?: () => void) {
  const t = useT();
  const { message } = App.useApp();
  const [, refresh] = useMutation(SegmentRefreshDoc);
  const [running, setRunning] = useState<string | null>(null);
  const run = async (id: string, name: string) => {
    setRunning(id);
    const key = `refresh-${id}`;
    message.open({ key, type: 'loading', content: t('segment.refreshing', { name }), duration: 0 });
    const res = await refresh({ id });
    setRunning(null);
    const payload = res.data?.segmentRefresh;
    if (res.error || !payload) {
      message.open({ key, type: 'error', content: friendlyError(res.error, t) ?? t('error.unexpected'), duration: 6 });
    } else if (payload.userErrors.length) {
      message.open({ key, type: 'error', content: payload.userErrors.map((e) => e.message).join(' '), duration: 6 });
    } else {
      const r = payload.refresh;
      message.open({
        key,
        type: 'success',
        content: t('segment.refreshed', {
          name,
          count: fmtInt(payload.segment?.memberCount ?? r?.memberCount ?? 0),
          entered: fmtInt(r?.entered ?? 0),
          exited: fmtInt(r?.exited ?? 0),
          took: fmtDuration(r?.durationMs),
        }),
        duration: 5,
      });
      onDone?.();
    }
  };
  return { run, running };
}
