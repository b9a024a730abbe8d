import type { IncomingMessage, ServerResponse } from 'node:http';

/** A named dependency check for /readyz; resolves true when the dependency answers. */
export interface ReadinessCheck {
  readonly name: string;
  readonly check: () => Promise<boolean>;
}

export interface OpsRoute {
  readonly path: string;
  readonly method: string;
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void;
}

const CHECK_TIMEOUT_MS = 2_000;

async function runCheck(check: ReadinessCheck): Promise<boolean> {
  const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), CHECK_TIMEOUT_MS).unref());
  return Promise.race([check.check().catch(() => false), timeout]);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** /healthz (the process answers), /readyz (its dependencies answer) and /metrics. */
export function opsRoutes(checks: readonly ReadinessCheck[], metrics: () => Promise<{ contentType: string; body: string }>): OpsRoute[] {
  return [
    { path: '/healthz', method: 'GET', handler: (_req, res) => json(res, 200, { status: 'ok' }) },
    {
      path: '/readyz',
      method: 'GET',
      handler: (_req, res) => {
        void Promise.all(checks.map(async (c) => [c.name, await runCheck(c)] as const)).then((results) => {
          const failing = results.filter(([, ok]) => !ok).map(([name]) => name);
          const ready = failing.length === 0;
          json(res, ready ? 200 : 503, {
            status: ready ? 'ready' : `not ready: ${failing.join(', ')} unreachable`,
            checks: Object.fromEntries(results),
            ...(!ready && { failing }),
          });
        });
      },
    },
    {
      path: '/metrics',
      method: 'GET',
      handler: (_req, res) => {
        void metrics().then(
          ({ contentType, body }) => {
            res.writeHead(200, { 'content-type': contentType });
            res.end(body);
          },
          () => json(res, 500, { status: 'metrics unavailable' }),
        );
      },
    },
  ];
}
