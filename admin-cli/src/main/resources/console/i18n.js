// Labels of the interface and of the code lists, in the user's language. They come from the same files the command
// line reads (org/jaring/core/vocab/labels/*.json in jaring-core); a missing label falls back to English, then to
// the code itself, so a new code never shows as blank.
import * as api from './api.js';

let labels = {};
let english = {};

export async function load(lang) {
  // English (the fallback) and the chosen language side by side, not one after the other
  const [en, chosen] = await Promise.all([
    english.ui ? english : api.get('labels', { lang: 'en' }),
    lang === 'en' ? null : api.get('labels', { lang }),
  ]);
  english = en;
  labels = chosen || english;
  document.documentElement.lang = lang;
  return labels;
}

export function status() {
  return labels._status || 'machine-drafted';
}

function label(section, key) {
  return (labels[section] && labels[section][key]) || (english[section] && english[section][key]) || key;
}

export function t(key) {
  return label('ui', key);
}

/** OFFENCE_FRAUD -> the label of CC.FRAUD. */
export function offence(name) {
  return label('offence', 'CC.' + String(name).replace(/^OFFENCE_/, ''));
}

/** TLP_AMBER_STRICT -> the label of AMBER+STRICT. */
export function tlpCode(name) {
  return String(name).replace(/^TLP_/, '').replace('_', '+');
}

export function tlp(name) {
  return label('tlp', tlpCode(name));
}

/** LEGAL_BASIS_ASEAN_MLAT or asean-mlat -> its label. */
export function legalBasisCode(name) {
  return String(name).replace(/^LEGAL_BASIS_/, '').toLowerCase().replaceAll('_', '-');
}

export function legalBasis(name) {
  return label('legalBasis', legalBasisCode(name));
}

export function requestType(name) {
  return label('requestType', name);
}

export function requestState(name) {
  return label('requestState', name);
}

export function refusalGround(name) {
  return label('refusalGround', name);
}

export function peerOutcome(name) {
  return label('peerOutcome', name);
}

/** TH -> the member state's name in the current language. */
export function country(code) {
  return label('country', code);
}

export function section(name) {
  return Object.keys((english && english[name]) || {});
}

/** Fills every element that names a label in data-i18n (its text only). */
export function apply(root = document) {
  for (const e of root.querySelectorAll('[data-i18n]')) {
    e.textContent = t(e.getAttribute('data-i18n'));
  }
}
