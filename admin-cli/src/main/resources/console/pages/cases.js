// Cases: list and open cases, and import a STIX 2.1 bundle, a MISP event or a CSV file into one by upload. The file
// goes to the console's server, which reads it with the same readers as 'jaring import' and sends it to the node;
// this page shows the upload's progress, then the import's (read, sent, stored), then its report. Every value of
// the report (positions, values, reasons) comes from the file: all of it goes in as text.
import * as api from '../api.js';
import * as i18n from '../i18n.js';
import { el, data, clear, table, row, when } from '../dom.js';

let ctx;
let list = null;
let shown = null; // the open case, as the node answered
let status = null; // the last import's status, as the console answered
let uploaded = null; // fraction of the file uploaded while that runs

const $ = (id) => document.getElementById(id);

export function init(c) {
  ctx = c;
  $('import-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    start().catch((e) => {
      setBusy(false);
      ctx.showError(e);
    });
  });
  for (const r of document.querySelectorAll('input[name="import-target"]')) {
    r.addEventListener('change', target);
  }
  target();
}

export async function open() {
  list = (await api.get('cases')).cases;
  redraw();
}

export function redraw() {
  if (!ctx) return; // the language is set before the pages are initialised
  $('import-limit').textContent = i18n.t('import.limit') + ': ' + ctx.session.maxUploadText;
  if (list) drawList();
  if (shown) drawCase();
  drawStatus();
}

function target() {
  const fresh = $('import-new').checked;
  $('import-case').disabled = fresh;
  for (const id of ['import-new-id', 'import-new-title', 'import-new-ref']) $(id).disabled = !fresh;
}

function drawList() {
  const box = clear($('cases-list'));
  const select = $('import-case');
  const chosen = select.value;
  clear(select);
  for (const k of list) select.append(el('option', { text: k.caseId + ' · ' + k.title, attrs: { value: k.caseId } }));
  if (chosen) select.value = chosen;
  if (list.length === 0) {
    box.append(el('p', { text: i18n.t('app.none') }));
    return;
  }
  box.append(
    table(
      ['disclosures.caseId', 'cases.title', 'cases.reference', 'hit.offences', 'cases.handle', 'cases.updated'].map(i18n.t),
      list.map((k) => {
        const open = el('button', { cls: 'open-case', text: k.caseId, attrs: { type: 'button' }, onClick: () => openCase(k.caseId) });
        const tr = row(
          open,
          data(k.title, 'title'),
          data(k.reference, 'reference'),
          k.offences.map(i18n.offence).join(', '),
          data(k.caseHandle),
          when(k.updatedAt),
        );
        tr.className = 'case';
        return tr;
      }),
    ),
  );
}

async function openCase(id) {
  try {
    shown = await api.get('case', { id });
    drawCase();
  } catch (e) {
    ctx.showError(e);
  }
}

function drawCase() {
  const box = clear($('case-detail'));
  box.append(el('h2', {}, data(shown.case.caseId, 'case-id'), ' ', data(shown.case.title, 'title')));
  box.append(
    table(
      ['app.type', 'app.value', 'hit.offences', 'hit.tlp', 'hit.confidence', 'hit.lastSeen'].map(i18n.t),
      shown.indicators.map((x) => {
        const tr = row(
          x.type.replace('INDICATOR_TYPE_', '').toLowerCase(),
          data(x.value, 'value'),
          x.offences.map(i18n.offence).join(', '),
          x.handling ? i18n.tlp(x.handling.tlp) : '',
          String(x.confidence),
          when(x.lastSeen),
        );
        tr.className = 'indicator';
        return tr;
      }),
    ),
  );
}

function setBusy(busy) {
  $('import-submit').disabled = busy;
}

/** The upload, then the import's progress until it ends: one at a time (the server refuses a second one too). */
async function start() {
  ctx.showError(null);
  const file = $('import-file').files[0];
  if (!file) throw new Error(i18n.t('import.file') + '?');
  if (file.size > ctx.session.maxUpload) {
    throw new Error(i18n.t('import.tooLarge') + ' (' + ctx.session.maxUploadText + '). ' + i18n.t('import.cli'));
  }
  const params = {};
  if ($('import-new').checked) {
    params.case = $('import-new-id').value.trim();
    params.title = $('import-new-title').value.trim();
    params.reference = $('import-new-ref').value.trim();
  } else {
    params.case = $('import-case').value;
  }
  setBusy(true);
  status = null;
  uploaded = 0;
  drawStatus();
  await api.upload('import', params, file, (f) => {
    uploaded = f;
    drawStatus();
  });
  uploaded = null;
  for (;;) {
    status = await api.get('import');
    drawStatus();
    if (status.phase === 'DONE' || status.phase === 'FAILED') break;
    await new Promise((r) => setTimeout(r, 250));
  }
  setBusy(false);
  list = (await api.get('cases')).cases;
  drawList();
  if (status.phase === 'DONE') await openCase(status.case);
}

/** Progress in percent: of the upload while it runs, then of the valid values stored (known once all is read). */
function percent() {
  if (uploaded !== null) return Math.floor(uploaded * 100);
  if (!status) return 0;
  if (status.phase === 'DONE') return 100;
  if (status.phase === 'SENDING' && status.readingDone && status.valid > 0) {
    return Math.min(99, Math.floor((status.stored * 100) / status.valid));
  }
  return 0;
}

function phaseLabel() {
  if (uploaded !== null) return i18n.t('import.uploading');
  return {
    CHECKING: i18n.t('import.checking'),
    SENDING: i18n.t('import.sending'),
    DONE: i18n.t('import.done'),
    FAILED: i18n.t('import.failed'),
  }[status.phase] || '';
}

function drawStatus() {
  const box = $('import-progress');
  if (uploaded === null && (!status || status.phase === 'NONE')) {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  const p = percent();
  $('import-bar').value = p;
  $('import-percent').textContent = p + '%';
  $('import-phase').textContent = phaseLabel();
  $('import-phase').className = status ? 'phase phase-' + status.phase.toLowerCase() : 'phase';
  const counts = clear($('import-counts'));
  const report = clear($('import-report'));
  if (!status) return;
  const pairs = [
    ['import.format', status.format],
    ['import.read', status.read],
    ['import.sent', status.valid],
    ['import.stored', status.stored],
    ['import.created', status.created],
    ['import.duplicates', status.duplicates],
    ['import.refused', status.refusedCount],
    ['import.skipped', status.skipped],
  ];
  for (const [k, v] of pairs) {
    counts.append(el('span', { cls: 'count-' + k.substring(7) }, i18n.t(k) + ': ', el('b', { text: String(v) })));
  }
  if (status.phase === 'FAILED') {
    report.append(el('p', { cls: 'error import-error' }, data(status.error)));
  }
  if (status.refused.length > 0) report.append(items('import.refused', status.refused, 'refusal'));
  if (status.notes.length > 0) report.append(items('import.notes', status.notes, 'note-row'));
}

function items(title, list, cls) {
  const t = table(
    ['import.where', 'app.type', 'app.value', 'import.reason'].map(i18n.t),
    list.map((r) => {
      const tr = row(data(r.position, 'position'), data(r.type, 'type'), data(r.value, 'value'), data(r.reason, 'reason'));
      tr.className = cls;
      return tr;
    }),
  );
  return el('div', {}, el('h3', { text: i18n.t(title) }), t);
}
