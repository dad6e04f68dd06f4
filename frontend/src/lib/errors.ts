import type { CombinedError } from 'urql';
import type { Translate } from '../i18n';

/** What went wrong, in words an operator understands (the technical detail goes to the console). */
export function friendlyError(error: CombinedError | Error | undefined | null, t: Translate): string | null {
  if (!error) return null;
  const combined = error as CombinedError;
  if (combined.networkError) {
    const status = (combined.response as Response | undefined)?.status;
    if (status && status >= 500) return t('error.server');
    return t('error.network');
  }
  const messages = (combined.graphQLErrors ?? []).map((e) => e.message || '');
  const codes = (combined.graphQLErrors ?? []).map((e) => String(e.extensions?.code ?? ''));
  if (codes.includes('UNAUTHENTICATED') || messages.some((m) => /authentication required|not logged in/i.test(m))) {
    return t('error.sessionEnded');
  }
  if (codes.includes('FORBIDDEN') || messages.some((m) => /permission|scope/i.test(m))) {
    return t('error.permission');
  }
  if (messages.some((m) => /cannot query field|unknown argument|unknown type/i.test(m))) {
    return t('error.versionMismatch');
  }
  if (messages.some((m) => /too complex|depth|cost/i.test(m))) return t('error.tooComplex');
  console.warn('GraphQL error', error);
  return t('error.unexpected');
}

export function isUnauthenticated(error: CombinedError | undefined | null): boolean {
  if (!error) return false;
  return (error.graphQLErrors ?? []).some(
    (e) => e.extensions?.code === 'UNAUTHENTICATED' || /authentication required/i.test(e.message),
  );
}
