// The agent console: queue by group ordered by priority and SLA risk, ticket work, problems, knowledge review.
import { get, post, items } from './api.js';
import { current } from './auth.js';
import { onLive } from './live.js';
import { label, slaCard, duration, openArticle } from './portal.js';
import { h, replace, field, select, badge, when, fromNow, toast, errorBox, markdown } from './dom.js';

const GROUPS = [
  { value: 'service-desk', label: 'Service desk (tier 1)' },
  { value: 'desktop-support', label: 'Desktop support (tier 2)' },
  { value: 'network-ops', label: 'Network operations (tier 2)' },
  { value: 'infrastructure-eng', label: 'Infrastructure engineering (tier 3)' },
];

const PRIORITY_RANK = { P1: 1, P2: 2, P3: 3, P4: 4, P5: 5 };

/** SLA risk from the due time: breached, due within the hour, or fine. */
function risk(t) {
  if (!t.dueAt) return { level: 'none', text: 'no SLA yet' };
  const left = new Date(t.dueAt).getTime() - Date.now();
  if (left < 0) return { level: 'breached', text: `overdue ${fromNow(t.dueAt)}` };
  if (left < 3600 * 1000) return { level: 'soon', text: `due ${fromNow(t.dueAt)}` };
  return { level: 'ok', text: `due ${fromNow(t.dueAt)}` };
}

// ------------------------------------------------------------------ queue

export async function queue() {
  const mine = current().user.groups;
  const state = { group: sessionStorage.getItem('spoc.queue') || mine[0] || 'service-desk', onlyMine: false };
  const groups = [...GROUPS];
  for (const g of mine) if (!groups.some(x => x.value === g)) groups.push({ value: g, label: g });
  const picker = select('group', groups, state.group, { id: 'queue-group' });
  const onlyMine = h('input', { type: 'checkbox', id: 'only-mine' });
  const table = h('div', { id: 'queue' });

  async function load() {
    const query = state.onlyMine ? `assignee=${encodeURIComponent(current().user.name)}` : `group=${encodeURIComponent(state.group)}`;
    const list = items(await get(`/api/tickets/queue?${query}&size=100`));
    // the service orders by priority and due time; keep that, breached first within a priority
    list.sort((a, b) => (PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority])
      || (riskRank(a) - riskRank(b)) || (due(a) - due(b)));
    replace(table, list.length === 0 ? h('p', {}, 'Nothing waiting. ') :
      h('table', {}, h('caption', { class: 'visually-hidden' }, 'Open tickets, most urgent first'),
        h('thead', {}, h('tr', {}, ['Number', 'Priority', 'SLA', 'Title', 'Status', 'Tier', 'Assignee', 'Requester']
          .map(c => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, list.map(t => {
          const r = risk(t);
          return h('tr', { class: `risk-${r.level}` },
            h('td', {}, h('a', { href: `#/desk/tickets/${encodeURIComponent(t.id)}` }, t.number)),
            h('td', {}, badge(t.priority, t.priority)),
            h('td', {}, badge(r.text, r.level === 'breached' ? 'bad' : r.level === 'soon' ? 'warn' : '')),
            h('td', {}, t.title), h('td', {}, badge(label(t.status), t.status)), h('td', {}, String(t.tier ?? '')),
            h('td', {}, t.assignee || '—'), h('td', {}, t.requester));
        }))));
  }
  picker.addEventListener('change', () => { state.group = picker.value; sessionStorage.setItem('spoc.queue', state.group); load().catch(showError); });
  onlyMine.addEventListener('change', () => { state.onlyMine = onlyMine.checked; load().catch(showError); });
  const showError = (error) => replace(table, errorBox(error));
  await load().catch(showError);
  onLive(() => load().catch(() => {}));
  return h('div', {}, h('h1', {}, 'Queue'),
    h('div', { class: 'row card' }, field('Assignment group', picker),
      h('label', { for: 'only-mine' }, onlyMine, ' Only tickets assigned to me')),
    table);
}

function riskRank(t) {
  return { breached: 0, soon: 1, ok: 2, none: 3 }[risk(t).level];
}

function due(t) {
  return t.dueAt ? new Date(t.dueAt).getTime() : Number.MAX_SAFE_INTEGER;
}

// ------------------------------------------------------------------ ticket (desk view)

export async function ticket(id) {
  const root = h('div');
  const enc = encodeURIComponent(id);

  async function load() {
    const [t, sla, history, work, open] = await Promise.all([
      get(`/api/tickets/${enc}`),
      get(`/api/sla/${enc}`).catch(() => null),
      get(`/api/tickets/${enc}/history`).catch(() => null),
      get(`/api/tickets/${enc}/work-log`).catch(() => null),
      get('/api/problems?size=100').then(items).catch(() => []),
    ]);
    replace(root, view(t, sla, history, work, open.filter(p => !['RESOLVED', 'CLOSED'].includes(p.status))));
  }

  async function act(what, path, body) {
    try {
      await post(path, body);
      toast(what);
      await load();
      return true;
    } catch (error) {
      toast(error.message, 'error');
      return false;
    }
  }

  function view(t, sla, history, work, openProblems) {
    const tid = encodeURIComponent(t.id);
    // comment
    const comment = h('textarea', { name: 'comment', required: true, maxlength: 8000 });
    const visibility = select('visibility', [{ value: 'INTERNAL', label: 'Internal note (desk only)' }, { value: 'PUBLIC', label: 'Public reply (requester sees it)' }], 'PUBLIC', { id: 'comment-visibility' });
    // assignment
    const group = select('group', GROUPS, t.assignmentGroup || 'service-desk', { id: 'assign-group' });
    const assignee = h('input', { name: 'assignee', value: t.assignee || '', id: 'assign-assignee', autocomplete: 'off' });
    // transition
    const allowed = t.allowedTransitions || [];
    const to = select('to', allowed.map(s => ({ value: s, label: label(s) })), allowed[0], { id: 'transition-to' });
    const resolution = select('resolution', ['FIXED', 'WORKAROUND', 'FULFILLED', 'NO_FAULT_FOUND', 'DUPLICATE', 'USER_ERROR', 'KNOWN_ERROR'], 'FIXED', { id: 'transition-resolution' });
    const notes = h('input', { name: 'notes', id: 'transition-notes', maxlength: 2000 });
    // escalation
    const reason = h('textarea', { name: 'reason', id: 'escalate-reason', required: true, maxlength: 2000 });
    // work log
    const minutes = h('input', { type: 'number', name: 'minutes', min: 1, max: 1440, value: '15', id: 'work-minutes' });
    const workNote = h('input', { name: 'note', id: 'work-note', maxlength: 1000 });
    // problem link
    const problemId = select('problemId', openProblems.map(p => ({ value: p.id, label: `${p.number}: ${p.title}` })), '', { id: 'problem-id' });

    const comments = t.comments || [];
    return h('div', {},
      h('h1', {}, `${t.number}: ${t.title}`),
      h('p', {}, badge(label(t.status), t.status), ' ', badge(t.priority, t.priority), ' ',
        h('span', { class: 'meta' }, `${t.type === 'INCIDENT' ? 'Incident' : 'Service request'} · tier ${t.tier} · ${t.assignmentGroup || 'unassigned'} · requester ${t.requester} · opened ${when(t.openedAt)}`)),
      h('div', { class: 'grid' },
        h('div', {},
          h('section', { class: 'card' }, h('h2', {}, 'Description'), h('p', {}, t.description),
            t.catalogItem ? h('p', { class: 'meta' }, `Catalog item ${t.catalogItem}: `, Object.entries(t.form || {}).map(([k, v]) => `${k}=${v}`).join(', ')) : null,
            t.location ? h('p', { class: 'meta' }, `Location: ${t.location}`) : null),
          h('section', { class: 'card', 'aria-labelledby': 'conversation' }, h('h2', { id: 'conversation' }, 'Conversation'),
            comments.length === 0 ? h('p', { class: 'meta' }, 'No comments yet.') :
              h('ol', { class: 'comments' }, comments.map(c => h('li', { class: c.visibility },
                h('div', { class: 'meta' }, `${c.author} · ${when(c.at)} `, c.visibility === 'INTERNAL' ? badge('internal', 'INTERNAL') : null),
                h('p', {}, c.body)))),
            h('form', { onsubmit: async (e) => { e.preventDefault(); if (await act('Comment added', `/api/tickets/${tid}/comments`, { body: comment.value.trim(), visibility: visibility.value })) comment.value = ''; } },
              field('Comment', comment), field('Visibility', visibility),
              h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Add comment')))),
          h('section', { class: 'card' }, h('h2', {}, 'Work log'),
            work ? h('p', { class: 'meta' }, `${work.totalMinutes ?? 0} minutes in total`) : null,
            h('ul', { class: 'plain' }, (work?.entries || t.workLog || []).map(w => h('li', {}, `${w.minutes} min · ${w.author} · ${when(w.at)} — ${w.note}`))),
            h('form', { class: 'row', onsubmit: async (e) => { e.preventDefault(); await act('Work logged', `/api/tickets/${tid}/work-log`, { minutes: Number(minutes.value), note: workNote.value.trim() || 'work' }); } },
              field('Minutes', minutes), field('Note', workNote), h('div', {}, h('button', { type: 'submit' }, 'Log work')))),
          h('section', { class: 'card' }, h('h2', {}, 'History'),
            h('ol', { class: 'plain' }, (history?.entries || []).slice().reverse().map(e => h('li', { class: 'meta' },
              `${when(e.at)} · ${e.actor} · ${e.event}`, e.field ? ` ${e.field}: ${e.from ?? '—'} → ${e.to ?? '—'}` : '', e.reason ? ` (${e.reason})` : ''))))),
        h('aside', {},
          h('section', { class: 'card', 'aria-labelledby': 'actions' }, h('h2', { id: 'actions' }, 'Actions'),
            h('form', { onsubmit: async (e) => { e.preventDefault(); await act('Assigned', `/api/tickets/${tid}/assignment`, { group: group.value, ...(assignee.value.trim() ? { assignee: assignee.value.trim() } : {}) }); } },
              h('h3', {}, 'Assign'), field('Group', group), field('Assignee', assignee, 'user name, optional'),
              h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Assign'),
                h('button', { type: 'button', class: 'secondary', onclick: () => act('Assigned to you', `/api/tickets/${tid}/assignment`, { group: group.value, assignee: current().user.name }) }, 'Assign to me'))),
            allowed.length ? h('form', { onsubmit: async (e) => { e.preventDefault();
              const body = { to: to.value };
              if (to.value === 'RESOLVED') body.resolution = { code: resolution.value, notes: notes.value.trim() || label(resolution.value) };
              else if (notes.value.trim()) body.reason = notes.value.trim();
              await act(`Now ${label(to.value)}`, `/api/tickets/${tid}/transitions`, body); } },
              h('h3', {}, 'Change status'), field('New status', to), field('Resolution code', resolution, 'when resolving'),
              field('Notes or reason', notes), h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Change status'))) : null,
            h('form', { id: 'escalate-form', onsubmit: async (e) => { e.preventDefault();
              if (await act('Escalated', '/api/escalations', { ticketId: t.id, reason: reason.value.trim() })) reason.value = ''; } },
              h('h3', {}, 'Escalate'), field('Reason', reason, 'why the next tier is needed'),
              h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'danger' }, 'Escalate'))),
            openProblems.length ? h('form', { onsubmit: async (e) => { e.preventDefault();
              await act('Linked to the problem', `/api/problems/${encodeURIComponent(problemId.value)}/incidents`, { ticketId: t.id }); } },
              h('h3', {}, 'Link to a problem'), field('Open problem', problemId),
              h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'secondary' }, 'Link'))) : null),
          slaCard(sla, t),
          sla?.escalations?.length ? h('section', { class: 'card' }, h('h2', {}, 'Escalations'),
            h('ul', { class: 'plain', id: 'escalations' }, sla.escalations.map(x => h('li', {},
              badge(x.kind, 'warn'), ` tier ${x.fromTier} → ${x.toTier} (${x.team}) · ${when(x.at)}`, h('div', { class: 'meta' }, x.reason))))) : null,
          h('section', { class: 'card' }, h('h2', {}, 'Problem'),
            t.problem ? h('p', {}, `${t.problem.number}: ${t.problem.title} `, badge(label(t.problem.status), t.problem.status),
              t.problem.workaround ? h('div', { class: 'meta' }, `Workaround: ${t.problem.workaround}`) : null) : h('p', { class: 'meta' }, 'Not linked.')),
          (t.suggestedArticles || []).length ? h('section', { class: 'card' }, h('h2', {}, 'Suggested articles'),
            h('ul', { class: 'plain' }, t.suggestedArticles.map(a => h('li', {}, a.title, a.knownError ? h('span', {}, ' ', badge('known error', 'warn')) : null)))) : null)));
  }

  await load();
  onLive((n) => { if (!n.subject || n.subject === id) load().catch(() => {}); });
  return root;
}

// ------------------------------------------------------------------ problems

export async function problems() {
  const list = items(await get('/api/problems?size=100'));
  return h('div', {}, h('h1', {}, 'Problems'),
    list.length === 0 ? h('p', {}, 'No problems recorded or detected.') :
      list.map(p => {
        const body = h('div', {}, h('p', { class: 'meta' }, 'Loading…'));
        const details = h('details', { class: 'card', ontoggle: async () => {
          if (!details.open || details.dataset.loaded) return;
          details.dataset.loaded = 'yes';
          try {
            const full = await get(`/api/problems/${encodeURIComponent(p.id)}`);
            replace(body,
              full.detectionReason ? h('p', { class: 'meta' }, `Detected: ${full.detectionReason}`) : null,
              full.rootCause ? h('p', {}, h('strong', {}, 'Root cause: '), full.rootCause) : null,
              full.workaround ? h('p', {}, h('strong', {}, 'Workaround: '), full.workaround) : null,
              h('h3', {}, 'Incidents'),
              h('ul', { class: 'plain' }, (full.incidents || []).map(i => h('li', {},
                h('a', { href: `#/desk/tickets/${encodeURIComponent(i.ticketId)}` }, i.number || i.ticketId),
                i.title ? ` ${i.title}` : '', i.priority ? h('span', {}, ' ', badge(i.priority, i.priority)) : null,
                h('span', { class: 'meta' }, ` linked ${fromNow(i.linkedAt)}${i.linkedBy ? ` by ${i.linkedBy}` : ' by detection'}`)))));
          } catch (error) { replace(body, errorBox(error)); }
        } },
        h('summary', {}, h('strong', {}, `${p.number}: ${p.title}`), ' ', badge(label(p.status), p.status), ' ',
          badge(p.priority, p.priority), p.detected ? h('span', {}, ' ', badge('detected', 'warn')) : null,
          p.majorIncident ? h('span', {}, ' ', badge('major incident', 'bad')) : null,
          h('span', { class: 'meta' }, ` · ${p.incidentCount ?? 0} incidents · ${[p.service, p.category, p.location].filter(Boolean).join(' · ')}`)),
        body);
        return details;
      }));
}

// ------------------------------------------------------------------ knowledge review

export async function knowledge() {
  const panel = h('div');
  const lists = h('div');
  async function load() {
    const [drafts, review] = await Promise.all([
      get('/api/knowledge/articles?status=DRAFT&size=50').then(items),
      get('/api/knowledge/articles?status=IN_REVIEW&size=50').then(items),
    ]);
    replace(lists,
      section('In review', review, ['PUBLISHED', 'DRAFT']),
      section('Drafts', drafts, ['IN_REVIEW']));
  }
  function section(title, list, moves) {
    return h('section', { class: 'card' }, h('h2', {}, `${title} (${list.length})`),
      list.length === 0 ? h('p', { class: 'meta' }, 'None.') :
        h('ul', { class: 'plain' }, list.map(a => h('li', {},
          h('button', { type: 'button', class: 'linklike', onclick: () => show(a.id, moves) }, a.title),
          h('span', { class: 'meta' }, ` · v${a.version} · ${fromNow(a.updatedAt)}`)))));
  }
  async function show(id, moves) {
    try {
      const a = await get(`/api/knowledge/articles/${encodeURIComponent(id)}`);
      replace(panel, h('article', { class: 'card article' }, h('h2', {}, a.title), h('p', { class: 'meta' },
        `${a.status} · v${a.version} · ${a.audience} · ${a.origin || ''}`, a.relatedTickets ? ` · from ${a.relatedTickets.length} tickets` : ''),
        markdown(a.body),
        h('div', { class: 'actions' }, moves.map(m => h('button', { type: 'button', class: m === 'PUBLISHED' ? '' : 'secondary', onclick: async () => {
          try {
            await post(`/api/knowledge/articles/${encodeURIComponent(id)}/transitions`, { to: m });
            toast(`${a.title}: ${label(m)}`);
            replace(panel);
            await load();
          } catch (error) { toast(error.message, 'error'); }
        } }, m === 'PUBLISHED' ? 'Publish' : m === 'IN_REVIEW' ? 'Send to review' : 'Back to draft')))));
    } catch (error) { replace(panel, errorBox(error)); }
  }
  await load();
  return h('div', {}, h('h1', {}, 'Knowledge review'), h('div', { class: 'grid' }, lists, panel));
}

export { openArticle, duration };
