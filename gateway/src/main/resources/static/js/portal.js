// The self-service portal: get help (with knowledge suggestions as you type), my tickets, one ticket live.
import { api, get, post, items } from './api.js';
import { onLive } from './live.js';
import { h, replace, field, select, badge, when, fromNow, toast, errorBox, markdown, debounce } from './dom.js';

const LEVELS = {
  impact: [
    { value: 'LOW', label: 'Just me' },
    { value: 'MEDIUM', label: 'My team or several people' },
    { value: 'HIGH', label: 'Many people or a whole site' },
  ],
  urgency: [
    { value: 'LOW', label: 'It can wait, I can work around it' },
    { value: 'MEDIUM', label: 'It slows me down' },
    { value: 'HIGH', label: 'I cannot work at all' },
  ],
};

// ------------------------------------------------------------------ knowledge article panel

/** Shows an article in place; reports the opening, and lets the reader say whether it helped. */
export async function openArticle(container, articleId, { onHelped, onClose } = {}) {
  replace(container, h('p', { class: 'meta' }, 'Opening the article…'));
  container.hidden = false;
  try {
    const article = await get(`/api/knowledge/articles/${encodeURIComponent(articleId)}`);
    post('/api/knowledge/deflections', { kind: 'ARTICLE_OPENED', articleIds: [articleId] }).catch(() => {});
    const feedback = async (helpful) => {
      try { await post(`/api/knowledge/articles/${encodeURIComponent(articleId)}/feedback`, { helpful }); } catch { /* best effort */ }
      if (helpful) onHelped?.(article); else { toast('Thanks — we will keep improving it.'); onClose?.(); }
    };
    replace(container, h('article', { class: 'card article', 'aria-labelledby': `article-${article.id}` },
      h('h2', { id: `article-${article.id}` }, article.title, article.knownError ? h('span', {}, ' ', badge('known error', 'warn')) : null),
      markdown(article.body),
      h('div', { class: 'actions' },
        h('button', { type: 'button', onclick: () => feedback(true) }, 'This solved my problem'),
        h('button', { type: 'button', class: 'secondary', onclick: () => feedback(false) }, 'It did not help'),
        h('button', { type: 'button', class: 'secondary', onclick: () => { container.hidden = true; onClose?.(); } }, 'Close'))));
    container.querySelector('h2')?.focus?.();
  } catch (error) {
    replace(container, errorBox(error));
  }
}

// ------------------------------------------------------------------ get help

export async function getHelp() {
  const catalog = await get('/api/catalog').then(items).catch(() => []);
  const opened = new Set();
  let submitted = false;
  let shownKey = '';

  const title = h('input', { name: 'title', required: true, maxlength: 200, autocomplete: 'off' });
  const description = h('textarea', { name: 'description', required: true, maxlength: 8000 });
  const impact = select('impact', LEVELS.impact, 'LOW');
  const urgency = select('urgency', LEVELS.urgency, 'MEDIUM');
  const where = h('input', { name: 'location', maxlength: 200, autocomplete: 'off' });
  const suggestions = h('section', { class: 'suggestions', 'aria-live': 'polite', hidden: true, id: 'suggestions' });
  const articlePanel = h('div', { hidden: true, id: 'article-panel' });
  const errors = h('div');
  const itemPicker = select('catalogItem', [{ value: '', label: 'Choose what you need…' },
    ...catalog.map(i => ({ value: i.id, label: i.name }))], '');
  const itemForm = h('div');
  const incidentFields = h('div', {},
    field('What is wrong?', title, 'a short title, e.g. "Laptop will not connect to Wi-Fi"'),
    suggestions, articlePanel,
    field('Tell us more', description, 'what happened, since when, any error message'),
    h('div', { class: 'row' }, field('Who is affected?', impact), field('How urgent is it?', urgency)),
    field('Where are you?', where, 'optional: building, floor, room'));
  const requestFields = h('div', { hidden: true },
    field('What do you need?', itemPicker), itemForm);

  const typeChoice = h('fieldset', {}, h('legend', {}, 'What can we help with?'),
    h('div', { class: 'choice' },
      h('label', {}, h('input', { type: 'radio', name: 'type', value: 'INCIDENT', checked: true, onchange: switchType }), 'Something is broken'),
      h('label', {}, h('input', { type: 'radio', name: 'type', value: 'SERVICE_REQUEST', onchange: switchType }), 'I need something')));

  function selectedType() {
    return form.querySelector('input[name="type"]:checked').value;
  }

  function switchType() {
    const incident = selectedType() === 'INCIDENT';
    incidentFields.hidden = !incident;
    requestFields.hidden = incident;
    title.required = incident;
    description.required = incident;
  }

  const suggest = debounce(async () => {
    const text = `${title.value} ${description.value}`.trim();
    if (text.length < 3) { suggestions.hidden = true; return; }
    try {
      const hits = items(await get(`/api/knowledge/suggestions?text=${encodeURIComponent(text)}&size=5`));
      if (!hits.length) { suggestions.hidden = true; return; }
      replace(suggestions, h('h2', {}, 'These articles may solve it right away'),
        h('ul', {}, hits.map(hit => h('li', {},
          h('button', { type: 'button', class: 'linklike', onclick: () => open(hit.id) }, hit.title),
          hit.knownError ? h('span', {}, ' ', badge('known error', 'warn')) : null,
          hit.summary ? h('div', { class: 'meta' }, hit.summary) : null))));
      suggestions.hidden = false;
      const key = hits.map(x => x.id).join(',');
      if (key !== shownKey) {
        shownKey = key;
        post('/api/knowledge/deflections', { kind: 'SUGGESTIONS_SHOWN', articleIds: hits.map(x => x.id).slice(0, 20) }).catch(() => {});
      }
    } catch {
      suggestions.hidden = true; // suggestions are a help, never a blocker
    }
  }, 300);
  title.addEventListener('input', suggest);
  description.addEventListener('input', suggest);

  function open(id) {
    opened.add(id);
    openArticle(articlePanel, id, {
      onHelped: () => {
        abandon();
        replace(form.parentElement, h('section', { class: 'card hero' }, h('h1', {}, 'Glad that helped'),
          h('p', {}, 'No ticket was needed. If the problem comes back, you can report it any time.'),
          h('a', { class: 'button', href: '#/tickets' }, 'My tickets')));
      },
    });
  }

  /** Leaving the form after reading articles, without submitting, counts as a deflection. */
  function abandon() {
    if (submitted || opened.size === 0) return;
    submitted = true;
    api('/api/knowledge/deflections', { method: 'POST', keepalive: true,
      body: { kind: 'TICKET_ABANDONED', articleIds: [...opened].slice(0, 20) } }).catch(() => {});
  }
  window.addEventListener('pagehide', abandon);

  itemPicker.addEventListener('change', () => {
    const item = catalog.find(i => i.id === itemPicker.value);
    replace(itemForm, item ? catalogForm(item) : []);
  });

  const submit = h('button', { type: 'submit' }, 'Submit');
  const form = h('form', { class: 'card', novalidate: false, onsubmit: async (event) => {
    event.preventDefault();
    replace(errors);
    const type = selectedType();
    let body;
    if (type === 'INCIDENT') {
      body = { type, title: title.value.trim(), description: description.value.trim(), impact: impact.value, urgency: urgency.value };
      if (where.value.trim()) body.location = where.value.trim();
    } else {
      const item = catalog.find(i => i.id === itemPicker.value);
      if (!item) { replace(errors, errorBox(new Error('Choose what you need first.'))); return; }
      const values = {};
      for (const f of item.fields || []) {
        const control = itemForm.querySelector(`[name="form.${f.name}"]`);
        const value = control.type === 'checkbox' ? String(control.checked) : control.value.trim();
        if (value !== '') values[f.name] = value;
      }
      const note = itemForm.querySelector('[name="details"]').value.trim();
      body = { type, title: item.name, description: note || `Request for ${item.name}`, impact: item.defaultImpact || 'LOW',
        urgency: item.defaultUrgency || 'LOW', catalogItem: item.id, form: values };
    }
    submit.disabled = true;
    try {
      const ticket = await post('/api/tickets', body, { 'Idempotency-Key': crypto.randomUUID() });
      submitted = true;
      toast(`${ticket.number} created`);
      location.hash = `#/tickets/${encodeURIComponent(ticket.id)}`;
    } catch (error) {
      replace(errors, errorBox(error));
      submit.disabled = false;
    }
  } }, typeChoice, incidentFields, requestFields, errors, h('div', { class: 'actions' }, submit));

  return {
    node: h('div', {}, h('h1', {}, 'Get help'), form),
    leave: () => { abandon(); window.removeEventListener('pagehide', abandon); },
  };
}

function catalogForm(item) {
  const controls = (item.fields || []).map(f => {
    const name = `form.${f.name}`;
    let control;
    switch (f.type) {
      case 'NUMBER': control = h('input', { type: 'number', name, required: f.required }); break;
      case 'BOOLEAN': control = h('input', { type: 'checkbox', name }); break;
      case 'CHOICE': control = select(name, [{ value: '', label: 'Choose…' }, ...(f.options || [])], '', { required: f.required }); break;
      case 'DATE': control = h('input', { type: 'date', name, required: f.required }); break;
      default: control = h('input', { type: 'text', name, required: f.required, maxlength: f.maxLength || 1000 });
    }
    return field(f.label + (f.required ? ' *' : ''), control);
  });
  return h('div', {}, item.description ? h('p', { class: 'hint' }, item.description) : null, controls,
    field('Anything else we should know?', h('textarea', { name: 'details', maxlength: 4000 })));
}

// ------------------------------------------------------------------ my tickets

export async function myTickets() {
  const table = h('div');
  async function load() {
    const page = await get('/api/tickets?size=50&sort=-updatedAt').catch(() => get('/api/tickets?size=50'));
    const list = items(page);
    replace(table, list.length === 0
      ? h('p', {}, 'You have no tickets yet. ', h('a', { href: '#/help' }, 'Get help'), ' when something is wrong.')
      : h('table', {}, h('caption', { class: 'visually-hidden' }, 'Your tickets'),
        h('thead', {}, h('tr', {}, ['Number', 'Title', 'Status', 'Priority', 'Updated'].map(c => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, list.map(t => h('tr', {},
          h('td', {}, h('a', { href: `#/tickets/${encodeURIComponent(t.id)}` }, t.number)),
          h('td', {}, t.title), h('td', {}, badge(label(t.status), t.status)), h('td', {}, badge(t.priority, t.priority)),
          h('td', { title: when(t.updatedAt) }, fromNow(t.updatedAt)))))));
  }
  await load();
  onLive(() => load().catch(() => {}));
  return h('div', {}, h('div', { class: 'row' }, h('h1', {}, 'My tickets'),
    h('div', { class: 'actions' }, h('a', { class: 'button', href: '#/help' }, 'Get help'))), table);
}

export function label(status) {
  return String(status || '').replace(/_/g, ' ').toLowerCase().replace(/^./, c => c.toUpperCase());
}

// ------------------------------------------------------------------ one ticket (requester view)

export async function ticket(id) {
  const root = h('div');
  const articlePanel = h('div', { hidden: true });

  async function load() {
    const [t, sla] = await Promise.all([
      get(`/api/tickets/${encodeURIComponent(id)}`),
      get(`/api/sla/${encodeURIComponent(id)}`).catch(() => null),
    ]);
    replace(root, view(t, sla));
  }

  function view(t, sla) {
    const reply = h('textarea', { name: 'reply', required: true, maxlength: 8000 });
    const replyErrors = h('div');
    const actions = h('div', { class: 'actions' });
    const allowed = t.allowedTransitions || [];
    if (t.status === 'RESOLVED' && allowed.includes('CLOSED')) actions.append(rating(t));
    if (allowed.includes('IN_PROGRESS') && t.status === 'RESOLVED') {
      actions.append(h('button', { type: 'button', class: 'secondary', onclick: () => transition(t, 'IN_PROGRESS', 'The problem is not solved') }, 'Reopen — it is not solved'));
    }
    if (allowed.includes('CANCELLED')) {
      actions.append(h('button', { type: 'button', class: 'secondary', onclick: () => transition(t, 'CANCELLED', 'No longer needed') }, 'Withdraw'));
    }
    const publicComments = (t.comments || []).filter(c => c.visibility !== 'INTERNAL');
    return h('div', { class: 'grid' },
      h('div', {},
        h('h1', {}, `${t.number}: ${t.title}`),
        h('p', {}, badge(label(t.status), t.status), ' ', badge(t.priority, t.priority), ' ',
          h('span', { class: 'meta' }, `opened ${when(t.openedAt)}`)),
        h('section', { class: 'card' }, h('h2', {}, 'Description'), h('p', {}, t.description),
          t.resolution ? h('div', {}, h('h2', {}, 'Resolution'), h('p', {}, t.resolution.notes || t.resolution.code)) : null),
        h('section', { class: 'card', 'aria-labelledby': 'conversation' },
          h('h2', { id: 'conversation' }, 'Conversation'),
          publicComments.length === 0 ? h('p', { class: 'meta' }, 'No messages yet.') :
            h('ol', { class: 'comments', id: 'comments' }, publicComments.map(c => h('li', {},
              h('div', { class: 'meta' }, `${c.author} · ${when(c.at)}`), h('p', {}, c.body)))),
          ['CLOSED', 'CANCELLED'].includes(t.status) ? null : h('form', { onsubmit: async (event) => {
            event.preventDefault();
            try {
              await post(`/api/tickets/${encodeURIComponent(t.id)}/comments`, { body: reply.value.trim(), visibility: 'PUBLIC' });
              reply.value = '';
              await load();
            } catch (error) { replace(replyErrors, errorBox(error)); }
          } }, field('Reply', reply), replyErrors, h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Send reply')))),
        actions),
      h('aside', {},
        h('section', { class: 'card' }, h('h2', {}, 'Details'), h('dl', { class: 'facts' },
          h('dt', {}, 'Type'), h('dd', {}, t.type === 'INCIDENT' ? 'Incident' : 'Service request'),
          h('dt', {}, 'Team'), h('dd', {}, t.assignmentGroup || '—'),
          h('dt', {}, 'Assignee'), h('dd', {}, t.assignee || '—'),
          h('dt', {}, 'Updated'), h('dd', {}, when(t.updatedAt)))),
        slaCard(sla, t),
        (t.suggestedArticles || []).length ? h('section', { class: 'card' }, h('h2', {}, 'Articles that may help'),
          h('ul', { class: 'plain' }, t.suggestedArticles.map(a => h('li', {},
            h('button', { type: 'button', class: 'linklike', onclick: () => openArticle(articlePanel, a.articleId) }, a.title))))) : null,
        articlePanel));
  }

  function rating(t) {
    const stars = select('rating', ['5', '4', '3', '2', '1'].map(v => ({ value: v, label: `${v} of 5` })), '5');
    return h('form', { class: 'card', onsubmit: async (event) => {
      event.preventDefault();
      try {
        await post(`/api/tickets/${encodeURIComponent(t.id)}/comments`, { body: `Rated the resolution ${stars.value} of 5.`, visibility: 'PUBLIC' });
        await transition(t, 'CLOSED', `Confirmed by the requester, rated ${stars.value} of 5`);
      } catch (error) { toast(error.message, 'error'); }
    } }, h('h2', {}, 'Is it solved?'), field('Rate the help you got', stars),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Yes — close the ticket')));
  }

  async function transition(t, to, reason) {
    try {
      await post(`/api/tickets/${encodeURIComponent(t.id)}/transitions`, { to, reason });
      toast(`${t.number}: ${label(to)}`);
      await load();
    } catch (error) { toast(error.message, 'error'); }
  }

  await load();
  // a notification about this ticket (or one we cannot place) refreshes the page in place
  onLive((n) => { if (!n.subject || n.subject === id || n.reference === id) load().catch(() => {}); });
  return root;
}

export function slaCard(sla, t) {
  const clocks = sla?.clocks || [];
  return h('section', { class: 'card', 'aria-labelledby': 'sla' }, h('h2', { id: 'sla' }, 'Service level'),
    clocks.length === 0 ? h('p', { class: 'meta' }, t?.dueAt ? `Due ${when(t.dueAt)} (${fromNow(t.dueAt)})` : 'Not started yet.') :
      h('ul', { class: 'plain' }, clocks.map(c => h('li', {},
        h('strong', {}, c.kind === 'FIRST_RESPONSE' ? 'First response' : c.kind === 'RESOLUTION' ? 'Resolution'
          : c.tier ? `Tier ${c.tier} target` : label(c.kind)),
        c.team ? h('span', { class: 'meta' }, ` ${c.team}`) : null, ' ', badge(label(c.state), c.state),
        h('div', { class: 'meta' }, c.dueAt ? `due ${when(c.dueAt)} (${fromNow(c.dueAt)})` : '', c.remaining ? ` · ${duration(c.remaining)} left` : '')))));
}

export function duration(iso) {
  const m = /^-?PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(iso || '');
  if (!m) return iso || '';
  const hours = Number(m[1] || 0), minutes = Number(m[2] || 0);
  return hours ? `${hours} h ${minutes} min` : `${minutes} min`;
}
