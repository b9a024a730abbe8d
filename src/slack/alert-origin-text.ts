import type { AlertOrigin } from '../capture/capture-job.js';
import { code, escapeMrkdwn } from './mrkdwn.js';

/** `alert *HighErrorRate* (rule `ticket-errors`)`: who asked, when an alert did. */
export function alertWho(alert: AlertOrigin): string {
  return `alert *${escapeMrkdwn(alert.alertname)}* (rule ${code(alert.rule)})`;
}

/** Only http(s) links are linked; anything else could be a `javascript:` or Slack-control trick. */
function safeLink(url: string | undefined): string | undefined {
  if (url === undefined || url === '') return undefined;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
    return parsed.href.replace(/[<>|]/g, encodeURIComponent);
  } catch {
    return undefined;
  }
}

/** The alert's summary annotation and a link to its source, one line; undefined when it has neither. */
export function alertDetailLine(alert: AlertOrigin): string | undefined {
  const link = safeLink(alert.generatorURL);
  const parts = [
    ...(alert.summary ? [`_${escapeMrkdwn(alert.summary.replace(/[_\n]+/g, ' ').trim())}_`] : []),
    ...(link ? [`<${link}|source>`] : []),
  ];
  return parts.length > 0 ? `:rotating_light: ${parts.join(' · ')}` : undefined;
}
