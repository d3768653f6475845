// Ask the region: many values in any spelling, a purpose; per value its hits with whom to call, and each peer's
// outcome. From a hit, one click opens a preservation request filled in from it.
import * as api from '../api.js';
import * as i18n from '../i18n.js';
import * as requests from './requests.js';
import { el, data, clear, table, row, contact, when } from '../dom.js';

let ctx;
let last = null;
// How each peer was asked (PeerStatus.mode): one word beside the outcome, e.g. "Answered (blind)".
const MODES = {
  LOOKUP_MODE_PLAIN: 'ask.answeredIn.plain',
  LOOKUP_MODE_BLIND: 'ask.answeredIn.blind',
};

export function init(c) {
  ctx = c;
  document.getElementById('ask-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    ctx.showError(null);
    const button = document.getElementById('ask-submit');
    button.disabled = true;
    const purpose = {
      caseReference: document.getElementById('ask-caseref').value,
      legalBasis: document.getElementById('ask-basis').value,
    };
    try {
      const answer = await api.post('lookup', {
        values: document.getElementById('ask-values').value,
        caseReference: purpose.caseReference,
        legalBasis: purpose.legalBasis,
        mode: document.getElementById('ask-mode').value,
      });
      last = { answer, purpose };
      redraw();
    } catch (e) {
      ctx.showError(e);
    } finally {
      button.disabled = false;
    }
  });
}

export async function open() {}

function tlpBadge(name) {
  const code = i18n.tlpCode(name);
  return el('span', { cls: 'tlp tlp-' + code.toLowerCase().replace('+', '-'), text: i18n.tlp(name) });
}

function hitRow(hit, result) {
  const own = hit.originNode === ctx.session.node;
  const preserve = own || !hit.caseHandle
    ? ''
    : el('button', {
        cls: 'preserve',
        text: i18n.t('ask.preserve'),
        attrs: { type: 'button' },
        onClick: () => {
          requests.prefill(hit, result, last.purpose);
          ctx.show('requests');
        },
      });
  return row(
    data(hit.originNode, 'origin'),
    el('span', {}, ...hit.offences.map((o) => el('span', { cls: 'offence', text: i18n.offence(o), attrs: { title: o } }))),
    tlpBadge(hit.tlp),
    String(hit.confidence),
    when(hit.firstSeen),
    when(hit.lastSeen),
    data(hit.caseHandle, 'handle'),
    contact(hit.contact),
    preserve,
  );
}

export function redraw() {
  const out = clear(document.getElementById('ask-results'));
  if (!last) return;
  for (const r of last.answer.results) {
    const head = el(
      'h3',
      {},
      data(r.query.value, 'asked'),
      r.canonicalValue && r.canonicalValue !== r.query.value ? el('span', { cls: 'canonical' }, ' → ', data(r.canonicalValue)) : null,
      el('span', { cls: 'type', text: ' ' + r.type.replace('INDICATOR_TYPE_', '').toLowerCase() }),
    );
    const body = [];
    if (r.warninglist) body.push(el('p', { cls: 'warninglist' }, i18n.t('ask.warninglist') + ': ', data(r.warninglist)));
    if (r.hits.length === 0) {
      body.push(el('p', { cls: 'nohits', text: i18n.t('ask.noHits') }));
    } else {
      body.push(
        table(
          ['hit.origin', 'hit.offences', 'hit.tlp', 'hit.confidence', 'hit.firstSeen', 'hit.lastSeen', 'hit.caseHandle', 'hit.contact', ''].map(
            (k) => (k ? i18n.t(k) : ''),
          ),
          r.hits.map((h) => hitRow(h, r)),
        ),
      );
    }
    out.append(el('section', { cls: 'result' + (r.hits.length ? ' has-hits' : '') }, head, ...body));
  }
  out.append(el('h3', { text: i18n.t('ask.peers') }));
  out.append(
    table(
      ['peer.node', 'peer.outcome', 'peer.latency', 'peer.hits', 'peer.detail'].map(i18n.t),
      last.answer.peers.map((p) =>
        row(
          data(p.nodeId),
          el('span', {
            cls: 'outcome ' + p.outcome.toLowerCase(),
            text: i18n.peerOutcome(p.outcome) + (MODES[p.mode] ? ' (' + i18n.t(MODES[p.mode]) + ')' : ''),
          }),
          String(p.latencyMillis),
          String(p.hits),
          data(p.detail),
        ),
      ),
      'grid peers',
    ),
  );
}
