import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange } from 'urql';
import { isUnauthenticated } from './errors';
import { createClient as createWSClient, type Client as WSClient } from 'graphql-ws';

/**
 * One urql client per session. Queries and mutations go over HTTP to /graphql on the same origin
 * (the session cookie travels with them); subscriptions over graphql-ws on the same path, opened
 * lazily the first time a screen subscribes.
 */
let ws: WSClient | null = null;

function wsClient(): WSClient {
  if (!ws) {
    const proto = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    ws = createWSClient({ url: `${proto}//${window.location.host}/graphql`, lazy: true, retryAttempts: 5 });
  }
  return ws;
}

/** `onSignedOut` runs when the server says the session is gone (expired, or logged out elsewhere). */
export function makeClient(onSignedOut?: () => void): Client {
  return new Client({
    url: '/graphql',
    fetchOptions: { credentials: 'same-origin', headers: { 'X-Rapport-Client': 'admin' } },
    // POST every operation: rule trees make long queries, and nothing should sit in URLs or logs
    preferGetMethod: false,
    requestPolicy: 'cache-and-network',
    exchanges: [
      mapExchange({
        onError(error) {
          if (isUnauthenticated(error)) onSignedOut?.();
        },
      }),
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query || '' };
          return {
            subscribe(sink) {
              const unsubscribe = wsClient().subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });
}

/** Close the websocket (on logout, so the next viewer gets a fresh connection). */
export function closeSubscriptions(): void {
  ws?.dispose();
  ws = null;
}
