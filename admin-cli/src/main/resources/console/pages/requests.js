// Requests: inbox and outbox with each legal clock counting down, overdue ones first; an officer moves a request
// on from here (acknowledge, report progress, answer, refuse, withdraw) with the actions the node allows next.
import * as api from '../api.js';
import * as i18n from '../i18n.js';
import { el, data, clear, table, row, when } from '../dom.js';

const FINAL = ['FULFILLED', 'PARTLY_FULFILLED', 'REFUSED', 'EXPIRED', 'WITHDRAWN'];
let ctx;
let list = null;
let draft = null;

export function init(c) {
  ctx = c;
  document.getElementById('request-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    ctx.showError(null);
    const v = (id) => document.getElementById(id).value;
    try {
      const r = await api.post('requests', {
        to: v('rf-to'),
        type: v('rf-type'),
        legalBasis: v('rf-basis'),
        fileNumber: v('rf-file'),
        offences: v('rf-offences').split(/[\s,]+/).filter((o) => o),
        facts: v('rf-facts'),
        dataSought: v('rf-data'),
        confidential: document.getElementById('rf-confidential').checked,
        hits: draft ? [draft.hit] : [],
      });
      draft = null;
      document.getElementById('request-form').hidden = true;
      const done = document.getElementById('rf-result');
      done.textContent = i18n.t('form.sent') + ': ' + r.request.requestId + ' (' + i18n.requestState(r.state) + ')';
      done.hidden = false;
      await open();
    } catch (e) {
      ctx.showError(e);
    }
  });
  setInterval(tick, 1000);
}

/** Fills the preservation form from a hit of a lookup. */
export function prefill(hit, result, purpose) {
  draft = { hit };
  document.getElementById('rf-result').hidden = true;
  document.getElementById('request-form').hidden = false;
  document.getElementById('rf-hit').textContent = hit.value + ' (' + hit.originNode + ', ' + hit.caseHandle + ')';
  document.getElementById('rf-to').value = hit.originNode;
  document.getElementById('rf-type').value = 'EXPEDITED_PRESERVATION';
  document.getElementById('rf-basis').value = i18n.legalBasisCode(purpose.legalBasis);
  document.getElementById('rf-file').value = purpose.caseReference;
  document.getElementById('rf-offences').value = hit.offences.map((o) => 'CC.' + o.replace(/^OFFENCE_/, '')).join(' ');
  document.getElementById('rf-facts').value = '';
  document.getElementById('rf-data').value = '';
}

export async function open() {
  list = (await api.get('requests')).requests;
  redraw();
}

function deadlineOf(r) {
  return Date.parse(r.request.deadline);
}

function isOpen(r) {
  return !FINAL.includes(r.state);
}

/** Overdue first, then the nearest deadline; closed requests last. */
function order(a, b) {
  const rank = (r) => (isOpen(r) ? (r.overdue || deadlineOf(r) < Date.now() ? 0 : 1) : 2);
  return rank(a) - rank(b) || deadlineOf(a) - deadlineOf(b);
}

function remaining(r) {
  if (!isOpen(r)) return '';
  const ms = deadlineOf(r) - Date.now();
  const s = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86400);
  const hms = [Math.floor((s % 86400) / 3600), Math.floor((s % 3600) / 60), s % 60]
    .map((n) => String(n).padStart(2, '0'))
    .join(':');
  return (ms < 0 ? '−' : '') + (d ? d + 'd ' : '') + hms;
}

function tick() {
  for (const cell of document.querySelectorAll('td .clock')) {
    const r = list && list.find((x) => x.request.requestId === cell.getAttribute('data-id'));
    if (r) cell.textContent = remaining(r);
  }
}

function actions(r) {
  const box = el('div', { cls: 'actions' });
  if (r.allowedNext.length === 0) return box;
  const note = el('input', { cls: 'note', attrs: { placeholder: i18n.t('requests.note'), 'aria-label': i18n.t('requests.note') } });
  const ground = el('select', { cls: 'ground', attrs: { 'aria-label': i18n.t('requests.ground') } });
  for (const g of i18n.section('refusalGround')) ground.append(el('option', { text: i18n.refusalGround(g), attrs: { value: g } }));
  box.append(note);
  if (r.allowedNext.includes('REFUSED')) box.append(ground);
  for (const to of r.allowedNext) {
    box.append(
      el('button', {
        cls: 'act act-' + to.toLowerCase(),
        text: i18n.t('action.' + to),
        attrs: { type: 'button' },
        onClick: async () => {
          ctx.showError(null);
          const answering = to === 'FULFILLED' || to === 'PARTLY_FULFILLED';
          try {
            await api.post('request-state', {
              id: r.request.requestId,
              toState: to,
              note: answering ? '' : note.value,
              answer: answering ? note.value : '',
              refusalGround: to === 'REFUSED' ? ground.value : '',
            });
            await open();
          } catch (e) {
            ctx.showError(e);
          }
        },
      }),
    );
  }
  return box;
}

function requestRow(r) {
  const q = r.request;
  const overdue = isOpen(r) && (r.overdue || deadlineOf(r) < Date.now());
  const tr = row(
    el('span', { cls: 'rid', text: q.requestId.substring(0, 8), attrs: { title: q.requestId } }),
    data(r.outgoing ? q.requestedNode : q.requestingNode),
    i18n.requestType(q.type),
    el('span', { cls: 'state state-' + r.state.toLowerCase(), text: i18n.requestState(r.state) }),
    when(q.deadline),
    el('span', { cls: 'clock', text: remaining(r), attrs: { 'data-id': q.requestId } }),
    el('div', { cls: 'facts' }, data(q.summaryOfFacts, 'facts-text'), el('br'), data(q.dataSought, 'sought')),
    actions(r),
  );
  tr.className = 'request' + (overdue ? ' overdue' : '');
  tr.setAttribute('data-id', q.requestId);
  return tr;
}

export function redraw() {
  if (!list) return;
  const heads = ['requests.id', 'requests.peer', 'form.type', 'requests.state', 'requests.deadline', 'requests.remaining', 'form.facts', 'requests.actions'].map(i18n.t);
  for (const [id, outgoing] of [['requests-inbox', false], ['requests-outbox', true]]) {
    const mine = list.filter((r) => r.outgoing === outgoing).sort(order);
    const box = clear(document.getElementById(id));
    box.append(mine.length ? table(heads, mine.map(requestRow), 'grid requests') : el('p', { text: i18n.t('app.none') }));
  }
}
