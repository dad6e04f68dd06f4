import { createContext, useContext, type ReactNode } from 'react';
import { useQuery } from 'urql';
import { Result, Spin, Button } from 'antd';
import { graphql } from '../gql';
import type { ViewerQuery } from '../gql/graphql';
import { useT } from '../i18n';
import { friendlyError } from '../lib/errors';
import { LoginPage } from './LoginPage';

export const ViewerDoc = graphql(`
  query Viewer {
    viewer {
      name
      role
      scopes
    }
  }
`);

export type ViewerInfo = NonNullable<ViewerQuery['viewer']>;

interface ViewerCtx {
  viewer: ViewerInfo;
  refetch: () => void;
}

const Ctx = createContext<ViewerCtx | null>(null);

/** Shows the login page until there is a viewer, then the app. */
export function ViewerGate({ children, onSessionChange }: { children: ReactNode; onSessionChange: () => void }) {
  const t = useT();
  const [{ data, fetching, error }, refetch] = useQuery({ query: ViewerDoc, requestPolicy: 'network-only' });
  if (fetching && !data) {
    return (
      <div style={{ height: '100vh', display: 'grid', placeItems: 'center' }}>
        <Spin size="large" />
      </div>
    );
  }
  if (error && !data) {
    return (
      <Result
        status="warning"
        title={t('error.cannotLoadApp')}
        subTitle={friendlyError(error, t)}
        extra={<Button onClick={() => refetch({ requestPolicy: 'network-only' })}>{t('common.retry')}</Button>}
      />
    );
  }
  if (!data?.viewer) return <LoginPage onLoggedIn={onSessionChange} />;
  return (
    <Ctx.Provider value={{ viewer: data.viewer, refetch: () => refetch({ requestPolicy: 'network-only' }) }}>
      {children}
    </Ctx.Provider>
  );
}

export function useViewer(): ViewerCtx {
  const v = useContext(Ctx);
  if (!v) throw new Error('useViewer outside ViewerGate');
  return v;
}
