// Disclosures (who asked about our data). Cases: pages/cases.js; Region: pages/region.js.
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
