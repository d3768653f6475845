// Disclosures (who asked about our data) and Cases (list, open). Region is in pages/region.js.
import * as api from '../api.js';
import * as i18n from '../i18n.js';
import { el, data, clear, table, row, when } from '../dom.js';

function page(load, draw) {
  let last = null;
  let ctx;
  return {
    init(c) {
      ctx = c;
    },
    async open() {
      last = await load(ctx);
      draw(last, ctx);
    },
    redraw() {
      if (last) draw(last, ctx);
    },
  };
}

let discQuery = null;

export const disclosures = {
  ...page(
    async () => (discQuery ? (await api.get('disclosures', discQuery)).disclosures : null),
    (list) => {
      const box = clear(document.getElementById('disclosures-list'));
      if (!list) return;
      if (list.length === 0) {
        box.append(el('p', { text: i18n.t('app.none') }));
        return;
      }
      box.append(
        table(
          ['disclosures.asked', 'disclosures.asker', 'disclosures.purpose', 'app.value', 'disclosures.disclosed'].map(i18n.t),
          list.map((d) =>
            row(
              when(d.askedAt),
              data(d.askingNode),
              el(
                'span',
                {},
                data(d.purpose.caseReference),
                ' · ' + i18n.legalBasis(d.purpose.legalBasis) + ' · ',
                data(d.purpose.analyst),
                d.purpose.note ? el('span', {}, ' · ', data(d.purpose.note)) : null,
              ),
              data(d.value),
              String(d.disclosedHits),
            ),
          ),
        ),
      );
    },
  ),
};
{
  const base = disclosures.init;
  disclosures.init = (c) => {
    base(c);
    document.getElementById('disclosures-form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      c.showError(null);
      const value = document.getElementById('disc-value').value.trim();
      const caseId = document.getElementById('disc-case').value.trim();
      discQuery = value ? { value } : { case: caseId };
      try {
        await disclosures.open();
      } catch (e) {
        c.showError(e);
      }
    });
  };
}

async function openCase(id, c) {
  try {
    const got = await api.get('case', { id });
    const box = clear(document.getElementById('case-detail'));
    box.append(el('h2', {}, data(got.case.caseId), ' ', data(got.case.title, 'title')));
    box.append(
      table(
        ['app.type', 'app.value', 'hit.offences', 'hit.tlp', 'hit.confidence', 'hit.lastSeen'].map(i18n.t),
        got.indicators.map((x) =>
          row(
            x.type.replace('INDICATOR_TYPE_', '').toLowerCase(),
            data(x.value),
            x.offences.map(i18n.offence).join(', '),
            x.handling ? i18n.tlp(x.handling.tlp) : '',
            String(x.confidence),
            when(x.lastSeen),
          ),
        ),
      ),
    );
  } catch (e) {
    c.showError(e);
  }
}

export const cases = page(
  async () => (await api.get('cases')).cases,
  (list, c) => {
    const box = clear(document.getElementById('cases-list'));
    if (list.length === 0) {
      box.append(el('p', { text: i18n.t('app.none') }));
      return;
    }
    box.append(
      table(
        ['disclosures.caseId', 'cases.title', 'cases.reference', 'hit.offences', 'cases.handle', 'cases.updated'].map(i18n.t),
        list.map((k) => {
          const open = el('button', { cls: 'open-case', text: k.caseId, attrs: { type: 'button' }, onClick: () => openCase(k.caseId, c) });
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
  },
);
