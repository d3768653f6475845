// Alerts, live: the list, then each new alert as the node raises it, over server-sent events (WatchAlerts).
import * as api from '../api.js';
import * as i18n from '../i18n.js';
import { el, data, clear, table, row, contact, when } from '../dom.js';

let alerts = [];
let fresh = 0;
let stream = null;

export function init() {
  load().catch(() => {});
}

async function load() {
  alerts = (await api.get('alerts')).alerts;
  const after = alerts.reduce((m, a) => Math.max(m, Number(a.alertId)), 0);
  if (!stream) listen(after);
  redraw();
}

function listen(after) {
  stream = new EventSource('/api/alerts/stream?after=' + after);
  stream.addEventListener('alert', (ev) => {
    const a = JSON.parse(ev.data);
    if (alerts.some((x) => x.alertId === a.alertId)) return;
    a.fresh = true;
    alerts.unshift(a);
    if (document.getElementById('page-alerts').hidden) fresh++;
    redraw();
  });
}

export async function open() {
  fresh = 0;
  await load();
}

export function redraw() {
  document.getElementById('alert-count').textContent = fresh ? String(fresh) : '';
  const box = clear(document.getElementById('alerts-list'));
  if (alerts.length === 0) {
    box.append(el('p', { cls: 'none', text: i18n.t('app.none') }));
    return;
  }
  const rows = alerts.map((a) => {
    const tr = row(
      String(a.alertId),
      when(a.raisedAt),
      data(a.caseId),
      a.type.replace('INDICATOR_TYPE_', '').toLowerCase(),
      data(a.value, 'value'),
      data(a.otherNode),
      data(a.otherCase),
      a.other && a.other.originNode ? contact(a.other.contact) : '',
    );
    tr.className = 'alert' + (a.fresh ? ' fresh' : '');
    return tr;
  });
  box.append(
    table(
      ['#', 'alerts.raised', 'alerts.case', 'app.type', 'app.value', 'alerts.other', 'alerts.otherCase', 'hit.contact'].map((k) => (k === '#' ? k : i18n.t(k))),
      rows,
      'grid alerts',
    ),
  );
}
