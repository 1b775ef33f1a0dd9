import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

import { ApiError } from './errors.js';

/** How an upstream (Management API or token endpoint) call ended, as `/metrics` counts it. */
export type UpstreamOutcome =
  | 'success'
  /** Logto answered 4xx (not 429): e.g. a not-found the client mapped to a BFF error. */
  | 'client_error'
  | 'rate_limited'
  | 'server_error'
  | 'timeout'
  /** Connection refused, reset, DNS: no HTTP answer at all. */
  | 'network_error';

/**
 * What the Management API client reports, one call per attempt (a retried call reports each attempt).
 * `operation` is a low-cardinality name such as `GET /api/organizations/{id}/users` or `token`, never a
 * path with ids in it.
 */
export type UpstreamMetrics = {
  observeUpstreamCall(call: {
    operation: string;
    outcome: UpstreamOutcome;
    durationSeconds: number;
  }): void;
  /** Time spent waiting for the upstream budget (token bucket) before a call could be sent. */
  observeUpstreamQueueWait(seconds: number): void;
};

export type BffMetrics = {
  /** One registry per app (tests create several apps in one process). */
  registry: Registry;
  observeHttpRequest(request: {
    method: string;
    route: string;
    status: number;
    durationSeconds: number;
  }): void;
  upstream: UpstreamMetrics;
};

const durationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Prometheus metrics of one BFF: requests by route and status, upstream calls by outcome, process stats. */
export function createMetrics(): BffMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'bff_' });

  const httpRequests = new Counter({
    name: 'bff_http_requests_total',
    help: 'HTTP requests answered, by route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: 'bff_http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: durationBuckets,
    registers: [registry],
  });
  const upstreamCalls = new Counter({
    name: 'bff_upstream_requests_total',
    help: 'Calls to Logto (Management API and token endpoint), by operation and outcome.',
    labelNames: ['operation', 'outcome'] as const,
    registers: [registry],
  });
  const upstreamDuration = new Histogram({
    name: 'bff_upstream_request_duration_seconds',
    help: 'Duration of calls to Logto, by outcome.',
    labelNames: ['outcome'] as const,
    buckets: durationBuckets,
    registers: [registry],
  });
  const upstreamQueueWait = new Histogram({
    name: 'bff_upstream_queue_wait_seconds',
    help: 'Time calls waited for the upstream request budget.',
    buckets: [0, 0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  return {
    registry,
    observeHttpRequest: ({ method, route, status, durationSeconds }) => {
      const labels = { method, route, status: String(status) };
      httpRequests.inc(labels);
      httpDuration.observe(labels, durationSeconds);
    },
    upstream: {
      observeUpstreamCall: ({ operation, outcome, durationSeconds }) => {
        upstreamCalls.inc({ operation, outcome });
        upstreamDuration.observe({ outcome }, durationSeconds);
      },
      observeUpstreamQueueWait: (seconds) => upstreamQueueWait.observe(seconds),
    },
  };
}

const outcomeOf = (error: unknown): UpstreamOutcome => {
  if (!(error instanceof ApiError)) return 'server_error';
  switch (error.errorName) {
    case 'upstreamTimeout':
      return 'timeout';
    case 'upstreamUnavailable':
      return 'network_error';
    case 'upstreamError':
      return 'server_error';
    case 'rateLimited':
      return 'rate_limited';
    default:
      // Not found, conflict, invalid input: Logto answered, and the answer is a result.
      return 'client_error';
  }
};

/**
 * Counts every call the BFF makes to the Management API client, by method and outcome, and times it
 * (a call's retries and token fetches included). The client itself may report each attempt through
 * `UpstreamMetrics` as well; this view is the one routes see.
 */
export function instrumentManagementClient<Client extends object>(
  client: Client,
  metrics: UpstreamMetrics,
): Client {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]): unknown => {
        const started = performance.now();
        const observe = (outcome: UpstreamOutcome) =>
          metrics.observeUpstreamCall({
            operation: property,
            outcome,
            durationSeconds: (performance.now() - started) / 1000,
          });
        const result: unknown = Reflect.apply(value, target, args);
        if (!(result instanceof Promise)) return result;
        return result.then(
          (resolved: unknown) => {
            observe('success');
            return resolved;
          },
          (error: unknown) => {
            observe(outcomeOf(error));
            throw error;
          },
        );
      };
    },
  });
}
