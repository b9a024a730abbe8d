import { createServer, type Server } from 'node:http';
import type { OpsRoute } from './ops-routes.js';

/** A plain HTTP server for the ops routes, for the worker role (the bot serves them through Bolt). */
export async function startOpsServer(port: number, routes: readonly OpsRoute[]): Promise<Server> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = routes.find((r) => r.path === path && r.method === req.method);
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    route.handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, resolve);
  });
  return server;
}
