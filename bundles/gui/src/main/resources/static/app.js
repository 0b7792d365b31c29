// Nodus web UI: state from GET /api/state, changes through POST /api/..., live updates over server-sent events.
import { Chat } from './chat.js';
import { Network } from './network.js';
import { Training } from './training.js';
import { $, api, notify, short } from './ui.js';

const ui = { state: null, started: null, chat: null, network: null, training: null };

function setLink(text, cls) {
  const s = $('#link-status');
  s.textContent = text;
  s.className = 'pill ' + (cls || '');
}

async function loadState() {
  const state = await api('GET', '/state');
  ui.state = state;
  $('#node-name').textContent = state.node.name + ' · ' + state.node.profile + ' · ' + short(state.node.peer);
  document.title = 'Nodus · ' + state.node.name;
  ui.chat.render(state);
  ui.network.render(state);
  ui.training.render(state.training);
}

// ---- live updates: EventSource with our own reconnection (the browser gives up after an HTTP error) ----
let source = null;
let retryMs = 1000;
let wasDown = false;

function connectEvents() {
  if (source) source.close();
  source = new EventSource('api/events');
  source.addEventListener('hello', async (e) => {
    const hello = JSON.parse(e.data);
    const restarted = ui.started !== null && ui.started !== hello.startedAt;
    ui.started = hello.startedAt;
    retryMs = 1000;
    try {
      await loadState();
      if (wasDown) {
        setLink(restarted ? 'reconnected (node restarted)' : 'reconnected', 'ok');
        notify(restarted ? 'The node restarted; reconnected.' : 'Reconnected to the node.');
      } else {
        setLink('live', 'ok');
      }
      wasDown = false;
    } catch (err) {
      setLink('error: ' + err.message, 'bad');
    }
  });
  source.addEventListener('chat', (e) => ui.chat.onEvent(JSON.parse(e.data)));
  source.addEventListener('contacts', (e) => ui.chat.onContacts(JSON.parse(e.data)));
  source.addEventListener('network', (e) => ui.network.onNetwork(JSON.parse(e.data)));
  source.addEventListener('proxy', (e) => { ui.network.onProxy(JSON.parse(e.data)); });
  source.addEventListener('training', (e) => ui.training.render(JSON.parse(e.data)));
  source.addEventListener('notice', (e) => { const n = JSON.parse(e.data); notify(n.text, n.level); ui.chat.onNotice(n); });
  source.onerror = () => {
    source.close();
    source = null;
    if (!wasDown) {
      wasDown = true;
      setLink('disconnected — reconnecting…', 'bad');
    }
    setTimeout(connectEvents, retryMs);
    retryMs = Math.min(retryMs * 2, 8000);
  };
}

// ---- tabs: arrow keys move between them (WAI-ARIA tabs pattern) ----
function setupTabs() {
  const tabs = [...document.querySelectorAll('[role=tab]')];
  const show = (tab, focus) => {
    for (const t of tabs) {
      const on = t === tab;
      t.setAttribute('aria-selected', on ? 'true' : 'false');
      t.tabIndex = on ? 0 : -1;
      document.getElementById(t.getAttribute('aria-controls')).hidden = !on;
    }
    if (focus) tab.focus();
    location.hash = tab.id.replace('tab-', '');
    if (tab.id === 'tab-training') ui.training.redraw();
  };
  tabs.forEach((t, i) => {
    t.addEventListener('click', () => show(t, false));
    t.addEventListener('keydown', (e) => {
      let j = null;
      if (e.key === 'ArrowRight') j = (i + 1) % tabs.length;
      if (e.key === 'ArrowLeft') j = (i - 1 + tabs.length) % tabs.length;
      if (e.key === 'Home') j = 0;
      if (e.key === 'End') j = tabs.length - 1;
      if (j !== null) { e.preventDefault(); show(tabs[j], true); }
    });
  });
  const initial = tabs.find((t) => t.id === 'tab-' + location.hash.slice(1));
  if (initial) show(initial, false);
}

window.addEventListener('DOMContentLoaded', () => {
  ui.chat = new Chat();
  ui.network = new Network();
  ui.training = new Training();
  setupTabs();
  connectEvents();
  setInterval(() => ui.chat.tick(), 1000);
});
