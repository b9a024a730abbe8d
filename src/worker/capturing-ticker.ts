/**
 * Reports elapsed capture time at a steady pace while sysdig runs, so the
 * status message shows progress without flooding Slack with updates.
 */
export function startCapturingTicker(
  totalSeconds: number,
  startedAt: Date,
  report: (elapsedSeconds: number) => void,
  now: () => number = Date.now,
): () => void {
  const everyMs = Math.min(Math.max(Math.ceil(totalSeconds / 6), 5), 30) * 1000;
  const elapsed = () => Math.min(totalSeconds, Math.max(0, Math.floor((now() - startedAt.getTime()) / 1000)));
  report(elapsed());
  const timer = setInterval(() => report(elapsed()), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
