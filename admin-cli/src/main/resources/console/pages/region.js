// Region: each peer's health on a schematic map of the ASEAN member states, with the same facts in a table below
// for screen readers and for peers outside the map. The map is a tile map drawn here (one tile per member state,
// placed roughly where it lies): no map data, no download, and it says it is a schematic. Every text in it (node IDs,
// a peer's error words) goes in through textContent or an attribute value, never as markup.
import * as api from '../api.js';
import * as i18n from '../i18n.js';
import { el, svg, svgText, data, clear, table, row, when } from '../dom.js';

/** ISO 3166 code, then the tile's column, row, width and height on a 6 x 6 grid (north at the top). */
const STATES = [
  ['MM', 0, 0, 1, 2],
  ['TH', 1, 0, 1, 2],
  ['LA', 2, 0, 1, 1],
  ['KH', 2, 1, 1, 1],
  ['VN', 3, 0, 1, 2],
  ['PH', 5, 0, 1, 2],
  ['MY', 1, 2, 3, 1],
  ['BN', 4, 2, 1, 1],
  ['SG', 1, 3, 1, 1],
  ['ID', 0, 4, 5, 1],
  ['TL', 4, 5, 1, 1],
];
const CELL_W = 120;
const CELL_H = 64;
const GAP = 4;

/** Worst first: a state with several peers shows its worst. */
const HEALTHS = ['unreachable', 'degraded', 'ok'];
const GLYPH = { ok: '\u2713', degraded: '!', unreachable: '\u2715', none: '\u2013', self: '\u25CF' };

function millis(ts) {
  const t = ts ? Date.parse(ts) : NaN;
  return Number.isFinite(t) && t > 0 ? t : 0;
}

/** ok, degraded or unreachable, from the channel's state and the peer's recent history. */
export function health(p) {
  const success = millis(p.lastSuccess);
  const error = millis(p.lastErrorAt);
  if (p.connectivity === 'TRANSIENT_FAILURE' || p.connectivity === 'SHUTDOWN') return 'unreachable';
  if (!success) return error ? 'unreachable' : 'degraded';
  if (error > success || p.lastSyncError || p.connectivity === 'CONNECTING' || p.connectivity === 'NO_CHANNEL') {
    return 'degraded';
  }
  return 'ok';
}

/** The member state of a node ID (TH-CCIB -> TH); null for anything else. */
export function stateOf(nodeId) {
  const m = /^([A-Z]{2})-/.exec(String(nodeId ?? ''));
  return m && STATES.some((s) => s[0] === m[1]) ? m[1] : null;
}

function latency(p) {
  return p.lastLatencyMillis ? p.lastLatencyMillis + ' ms' : '';
}

/** One line per peer, for the tooltip and the detail panel. */
function peerLine(p) {
  return (
    p.nodeId +
    ' \u2014 ' + i18n.t('region.health.' + health(p)) +
    '; ' + i18n.t('region.lastSync') + ': ' + (when(p.lastSync) || i18n.t('region.never')) +
    '; ' + i18n.t('region.latency') + ': ' + (latency(p) || '\u2013')
  );
}

function describe(code, kind, peers) {
  const head = i18n.country(code) + ' (' + code + '): ' + i18n.t('region.health.' + kind);
  return [head, ...peers.map(peerLine)];
}

function tile(code, col, rowAt, w, h, kind, peers, detail) {
  const x = col * CELL_W + GAP;
  const y = rowAt * CELL_H + GAP;
  const width = w * CELL_W - 2 * GAP;
  const height = h * CELL_H - 2 * GAP;
  const lines = describe(code, kind, peers);
  const g = svg(
    'g',
    {
      class: 'tile health-' + kind,
      'data-state': code,
      'data-health': kind,
      tabindex: 0,
      role: 'img',
      'aria-label': lines.join('. '),
    },
    svg('title', {}),
    svg('rect', { x, y, width, height, rx: 6 }),
    svgText({ x: x + 8, y: y + 20, class: 'code' }, code + ' ' + GLYPH[kind]),
    svgText({ x: x + 8, y: y + 38, class: 'name' }, i18n.country(code)),
  );
  g.querySelector('title').textContent = lines.join('\n');
  const show = () => {
    clear(detail);
    for (const l of lines) detail.append(el('div', {}, data(l)));
  };
  g.addEventListener('focus', show);
  g.addEventListener('mouseenter', show);
  return g;
}

/** The map, its legend and the table, from the node's PeersStatus answer and this node's ID. */
export function render(box, peers, self) {
  clear(box);
  const own = stateOf(self);
  const byState = new Map();
  for (const p of peers) {
    const s = stateOf(p.nodeId);
    if (s) byState.set(s, [...(byState.get(s) || []), p]);
  }
  const detail = el('div', { cls: 'region-detail', id: 'region-detail', attrs: { 'aria-live': 'polite' } });
  const map = svg('svg', {
    id: 'region-map',
    viewBox: '0 0 ' + 6 * CELL_W + ' ' + 6 * CELL_H,
    role: 'group',
    'aria-label': i18n.t('region.map'),
  });
  for (const [code, col, r, w, h] of STATES) {
    const here = byState.get(code) || [];
    let kind;
    if (code === own) kind = 'self';
    else if (here.length === 0) kind = 'none';
    else kind = HEALTHS.find((k) => here.some((p) => health(p) === k));
    map.append(tile(code, col, r, w, h, kind, here, detail));
  }
  const legend = el(
    'ul',
    { cls: 'region-legend' },
    ...['ok', 'degraded', 'unreachable', 'none', 'self'].map((k) =>
      el('li', {}, el('span', { cls: 'swatch health-' + k, text: GLYPH[k] }), ' ' + i18n.t('region.health.' + k)),
    ),
  );
  box.append(
    el('figure', { cls: 'region' }, map, el('figcaption', {}, legend, el('p', { cls: 'schematic', text: i18n.t('region.schematic') }))),
    detail,
    table(
      ['peer.node', 'region.health', 'region.endpoint', 'region.connectivity', 'region.lastSuccess', 'region.lastSync', 'region.latency', 'region.lastError'].map(i18n.t),
      peers.map((p) => {
        const tr = row(
          data(p.nodeId),
          el('span', { cls: 'health health-' + health(p), text: i18n.t('region.health.' + health(p)) }),
          data(p.endpoint),
          el('span', { cls: 'conn conn-' + String(p.connectivity).toLowerCase().replace(/[^a-z_]/g, ''), text: p.connectivity }),
          when(p.lastSuccess),
          el('span', {}, when(p.lastSync), p.lastSyncError ? el('span', {}, ' ', data(p.lastSyncError, 'sync-error')) : null),
          latency(p),
          el('span', {}, data(p.lastError, 'error-text'), p.lastErrorAt ? ' ' + when(p.lastErrorAt) : ''),
        );
        tr.className = 'peer';
        return tr;
      }),
    ),
  );
}

let last = null;
let self = '';

export function init(c) {
  self = c.session.node;
}

export async function open() {
  last = (await api.get('region')).peers;
  render(document.getElementById('region-list'), last, self);
}

export function redraw() {
  if (last) render(document.getElementById('region-list'), last, self);
}
