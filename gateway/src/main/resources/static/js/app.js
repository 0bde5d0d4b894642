// The portal and agent console: a hash-routed single page over the gateway's API.
import { completeSignIn, current, isAgent, onChange, signIn, signOut } from './auth.js';
import { h, replace, errorBox, toast } from './dom.js';
import { follow } from './stream.js';
import { clearLive, emitLive } from './live.js';
import * as portal from './portal.js';
import * as desk from './console.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const who = document.getElementById('who');

const routes = [
  { path: /^#\/?$/, view: home, title: 'Home' },
  { path: /^#\/help$/, view: portal.getHelp, title: 'Get help', auth: true },
  { path: /^#\/tickets$/, view: portal.myTickets, title: 'My tickets', auth: true },
  { path: /^#\/tickets\/([^/]+)$/, view: portal.ticket, title: 'Ticket', auth: true },
  { path: /^#\/queue$/, view: desk.queue, title: 'Queue', auth: true, agent: true },
  { path: /^#\/desk\/tickets\/([^/]+)$/, view: desk.ticket, title: 'Ticket', auth: true, agent: true },
  { path: /^#\/problems$/, view: desk.problems, title: 'Problems', auth: true, agent: true },
  { path: /^#\/knowledge$/, view: desk.knowledge, title: 'Knowledge review', auth: true, agent: true },
];

const live = { stop: null, on: false };

let leaveCurrentView = null;

async function render() {
  const hash = location.hash || '#/';
  const route = routes.find(r => r.path.test(hash)) || routes[0];
  if (leaveCurrentView) { try { leaveCurrentView(); } catch { /* ignore */ } leaveCurrentView = null; }
  clearLive();
  renderNav(hash);
  const session = current();
  if (route.auth && !session) {
    replace(main, signInPanel(`Sign in to see ${route.title.toLowerCase()}.`));
    return;
  }
  if (route.agent && !isAgent()) {
    replace(main, h('h1', {}, 'Not for your account'), h('p', {}, 'This page is for the service desk.'));
    return;
  }
  document.title = `${route.title} — SPOC`;
  const args = route.path.exec(hash).slice(1).map(decodeURIComponent);
  replace(main, h('p', { class: 'meta' }, 'Loading…'));
  try {
    const view = await route.view(...args);
    replace(main, view.node || view);
    leaveCurrentView = view.leave || null;
  } catch (error) {
    replace(main, h('h1', {}, route.title), errorBox(error));
  }
  const heading = main.querySelector('h1');
  if (heading) { heading.tabIndex = -1; heading.focus({ preventScroll: true }); }
}

function renderNav(hash) {
  const session = current();
  const links = [];
  if (session) {
    links.push(['#/help', 'Get help'], ['#/tickets', 'My tickets']);
    if (isAgent()) links.push(['#/queue', 'Queue'], ['#/problems', 'Problems'], ['#/knowledge', 'Knowledge review']);
  }
  replace(nav, h('ul', {}, links.map(([href, label]) => h('li', {},
    h('a', { href, 'aria-current': hash === href || hash.startsWith(`${href}/`) ? 'page' : null }, label)))));
  if (session) {
    replace(who,
      h('span', { class: `live ${live.on ? 'on' : ''}`, id: 'live-state', title: 'Live updates' }, live.on ? 'live' : 'offline'),
      h('span', {}, session.user.name),
      h('button', { type: 'button', onclick: () => { signOut(); location.hash = '#/'; } }, 'Sign out'));
  } else {
    replace(who, h('button', { type: 'button', onclick: () => signIn() }, 'Sign in'));
  }
}

function signInPanel(message) {
  return h('section', { class: 'card hero' },
    h('h1', {}, 'Sign in'),
    h('p', {}, message),
    h('button', { type: 'button', onclick: () => signIn() }, 'Sign in'),
    h('p', { class: 'hint' }, 'You sign in at the SPOC identity provider; this page keeps your access only while it is open.'));
}

function home() {
  const session = current();
  if (!session) {
    return h('section', { class: 'card hero' },
      h('h1', {}, 'Need help with IT?'),
      h('p', {}, 'Report something that is broken or ask for something you need, and follow your tickets live.'),
      h('button', { type: 'button', onclick: () => signIn() }, 'Sign in to get help'));
  }
  return h('section', { class: 'card hero' },
    h('h1', {}, `Hello, ${session.user.name}`),
    h('p', {}, isAgent() ? 'Your queue is waiting, and you can report issues of your own.' : 'What can we help you with?'),
    h('div', { class: 'actions' },
      h('a', { class: 'button', href: '#/help' }, 'Get help'),
      h('a', { class: 'button', href: '#/tickets' }, 'My tickets'),
      isAgent() ? h('a', { class: 'button', href: '#/queue' }, 'Open the queue') : null));
}

function startLive() {
  live.stop?.();
  live.stop = null;
  if (!current()) return;
  live.stop = follow((name, data) => {
    if (name !== 'notification') return;
    toast(data.title || 'Update');
    emitLive(data);
  }, on => {
    live.on = on;
    const el = document.getElementById('live-state');
    if (el) { el.className = `live ${on ? 'on' : ''}`; el.textContent = on ? 'live' : 'offline'; }
  });
}

window.addEventListener('hashchange', render);

(async () => {
  try {
    await completeSignIn();
  } catch (error) {
    toast(error.message, 'error');
  }
  onChange(() => { startLive(); render(); });
  startLive();
  render();
})();
