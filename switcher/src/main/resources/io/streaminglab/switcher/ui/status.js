// The switcher's status, polled from /api/status every second. The first answer brings the last
// ten minutes of history; later ones only the samples after the newest one held here.

const PERIOD_MS = 1000;

export function watchStatus(onStatus, onError) {
  const history = { t: [], active: [], primaryAge: [], backupAge: [] };
  let since = null;

  async function poll() {
    try {
      const response = await fetch(since == null ? '/api/status' : `/api/status?since=${since}`,
        { cache: 'no-store' });
      if (!response.ok) throw new Error(`the switcher answered HTTP ${response.status}`);
      const status = await response.json();
      append(history, status.history, status.settings.historySeconds * 1000, status.at);
      if (history.t.length > 0) since = history.t[history.t.length - 1];
      onStatus({ ...status, history });
    } catch (error) {
      onError(error);
    } finally {
      setTimeout(poll, PERIOD_MS);
    }
  }
  poll();
}

function append(history, fresh, windowMs, now) {
  for (const key of Object.keys(history)) history[key].push(...fresh[key]);
  let drop = 0;
  while (drop < history.t.length && history.t[drop] < now - windowMs) drop += 1;
  if (drop > 0) for (const key of Object.keys(history)) history[key].splice(0, drop);
}
