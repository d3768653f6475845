// The console's entry: session, language, navigation. Pages live in pages/*.js; each keeps its last data and can
// draw it again, so switching language relabels the page without asking the node again.
import * as api from './api.js';
import * as i18n from './i18n.js';
import { el, clear } from './dom.js';
import * as ask from './pages/ask.js';
import * as requests from './pages/requests.js';
import * as alerts from './pages/alerts.js';
import * as others from './pages/others.js';
import * as region from './pages/region.js';
import * as cases from './pages/cases.js';

const pages = {
  ask: ask,
  alerts: alerts,
  requests: requests,
  disclosures: others.disclosures,
  region: region,
  cases: cases,
};
let current = 'ask';

export function showError(e) {
  const p = document.getElementById('error');
  if (!e) {
    p.hidden = true;
    p.textContent = '';
    return;
  }
  p.textContent = i18n.t('app.error') + ': ' + (e.message || String(e));
  p.hidden = false;
}

export async function show(name) {
  current = name;
  showError(null);
  for (const [k] of Object.entries(pages)) {
    document.getElementById('page-' + k).hidden = k !== name;
    document.querySelector('nav [data-page="' + k + '"]').classList.toggle('active', k === name);
  }
  try {
    await pages[name].open();
  } catch (e) {
    showError(e);
  }
}

function fillSelect(select, keys, labelOf) {
  const chosen = select.value;
  clear(select);
  for (const k of keys) select.append(el('option', { text: labelOf(k), attrs: { value: k } }));
  if (chosen) select.value = chosen;
}

/** Option lists built from the code lists, in the current language. */
export function fillCodeLists() {
  for (const id of ['ask-basis', 'rf-basis']) {
    fillSelect(document.getElementById(id), i18n.section('legalBasis'), i18n.legalBasis);
  }
  fillSelect(document.getElementById('rf-type'), i18n.section('requestType'), i18n.requestType);
}

async function setLanguage(lang) {
  // remembered at once: a reload while the labels are still on their way keeps the user's choice
  localStorage.setItem('jaring.lang', lang);
  await i18n.load(lang);
  i18n.apply();
  fillCodeLists();
  const s = document.getElementById('translation-status');
  s.textContent = i18n.t('app.translation') + ': ' + i18n.status();
  s.className = 'status ' + i18n.status();
  for (const p of Object.values(pages)) p.redraw();
}

async function main() {
  const session = await api.get('session');
  api.setCsrf(session.csrf);
  document.getElementById('node-id').textContent = session.node;
  const select = document.getElementById('lang');
  for (const l of session.languages) {
    select.append(el('option', { text: l.name + ' (' + l.code + ')', attrs: { value: l.code } }));
  }
  const codes = session.languages.map((l) => l.code);
  const saved = localStorage.getItem('jaring.lang');
  select.value = codes.includes(saved) ? saved : session.language;
  select.addEventListener('change', () => setLanguage(select.value).catch(showError));
  await setLanguage(select.value);
  for (const b of document.querySelectorAll('nav [data-page]')) {
    b.addEventListener('click', () => show(b.getAttribute('data-page')));
  }
  for (const p of Object.values(pages)) p.init({ show, showError, session });
  document.body.classList.add('ready');
  await show(current);
}

main().catch(showError);
