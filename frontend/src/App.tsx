import { useCallback, useMemo, useState } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { Provider } from 'urql';
import { Result, Button } from 'antd';
import { Link } from 'react-router';
import { I18nProvider, useT } from './i18n';
import { closeSubscriptions, makeClient } from './lib/client';
import { ViewerGate } from './auth/viewer';
import { AppLayout } from './layout/AppLayout';
import { MembersPage } from './features/members/MembersPage';
import { MemberPage } from './features/members/MemberPage';
import { SegmentsPage } from './features/segments/SegmentsPage';
import { SegmentEditPage } from './features/segments/SegmentEditPage';
import { SegmentDetailPage } from './features/segments/SegmentDetailPage';
import { ComingSoon } from './features/placeholders/ComingSoon';
import { SettingsPage } from './features/settings/SettingsPage';
import { SetPasswordPage } from './features/settings/SetPasswordPage';
import { TemplatesPage } from './features/messaging/TemplatesPage';
import { MessagesPage } from './features/messaging/MessagesPage';

function NotFound() {
  const t = useT();
  return (
    <Result
      status="404"
      title={t('notFound.title')}
      extra={
        <Link to="/members">
          <Button type="primary">{t('notFound.back')}</Button>
        </Link>
      }
    />
  );
}

export function App() {
  // A new client per session: logging in or out drops everything cached for the previous viewer.
  const [session, setSession] = useState(0);
  const reset = useCallback(() => {
    closeSubscriptions();
    setSession((s) => s + 1);
  }, []);
  // a query refused for want of a session brings the login page back (the viewer query says null)
  const client = useMemo(() => makeClient(reset), [session, reset]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <I18nProvider>
      <Provider value={client}>
        <BrowserRouter>
          <Routes>
            {/* the invitation / reset link works without a session, whoever is signed in */}
            <Route path="set-password" element={<SetPasswordPage />} />
            <Route
              path="*"
              element={
                <ViewerGate key={session} onSessionChange={reset}>
                  <Routes>
                    <Route element={<AppLayout onLoggedOut={reset} />}>
                      <Route index element={<Navigate to="/members" replace />} />
                      <Route path="login" element={<Navigate to="/members" replace />} />
                      <Route path="members" element={<MembersPage />} />
                      <Route path="members/:id" element={<MemberPage />} />
                      <Route path="segments" element={<SegmentsPage />} />
                      <Route path="segments/new" element={<SegmentEditPage />} />
                      <Route path="segments/:id" element={<SegmentDetailPage />} />
                      <Route path="segments/:id/edit" element={<SegmentEditPage />} />
                      <Route path="templates" element={<TemplatesPage />} />
                      <Route path="messages" element={<MessagesPage />} />
                      <Route path="plans" element={<ComingSoon title="nav.plans" description="comingSoon.plans" />} />
                      <Route path="canvas" element={<ComingSoon title="nav.canvas" description="comingSoon.canvas" />} />
                      <Route path="guide-tasks" element={<ComingSoon title="nav.guideTasks" description="comingSoon.guideTasks" />} />
                      <Route path="settings" element={<SettingsPage />} />
                      <Route path="settings/:tab" element={<SettingsPage />} />
                      <Route path="*" element={<NotFound />} />
                    </Route>
                  </Routes>
                </ViewerGate>
              }
            />
          </Routes>
        </BrowserRouter>
      </Provider>
    </I18nProvider>
  );
}
