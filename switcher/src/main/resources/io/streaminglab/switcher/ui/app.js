// The status page: wires the player, the drill buttons, and the switcher's status (header,
// origin cards, charts, timeline), which it renders once a second.

import { createCharts } from './charts.js';
import { setUpControls } from './controls.js';
import { clock, el, seconds } from './format.js';
import { startPlayer } from './player.js';
import { watchStatus } from './status.js';

const $ = (selector) => document.querySelector(selector);

startPlayer($('#video'), $('#overlay'), $('#player-note'));
const drills = setUpControls($('#controls'), $('#control-note'));
const charts = createCharts($('#chart-age'), $('#chart-active'));

watchStatus((status) => {
  renderHeader(status);
  $('#controls').hidden = !drills || status.components.length === 0;
  for (const card of document.querySelectorAll('.card[data-origin]')) {
    const origin = status.origins[card.dataset.origin];
    if (origin) renderCard(card, card.dataset.origin, origin, status.settings);
  }
  renderTimeline(status.switches);
  charts.update(status.history, status.settings);
}, (error) => {
  $('#status').textContent = 'unreachable';
  $('#status').dataset.status = 'down';
  $('#summary').textContent = `The switcher did not answer (${error.message}); retrying.`;
});

function renderHeader(status) {
  $('#status').textContent = status.status;
  $('#status').dataset.status = status.status;
  $('#summary').textContent = `serving from ${status.active}`
    + (status.pinned ? ` (pinned to ${status.pinned})` : '')
    + ` · ${count(status.counters.failovers, 'failover')}`
    + ` · ${count(status.counters.switchbacks, 'switchback')}`
    + (status.aligned === true ? ' · origins aligned: a failover is seamless' : '')
    + (status.aligned === false
      ? ` · origins not aligned (${status.notAligned}): a failover splices` : '');
  $('#components').replaceChildren(...status.components.map((component) => el('li', {
    'data-running': String(component.running),
    title: component.running ? 'running' : 'stopped',
  }, component.name)));
}

function count(n, noun) {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function renderCard(card, name, origin, settings) {
  card.dataset.state = origin.state;
  const threshold = settings.segmentAgeThresholdSeconds;
  const age = origin.segmentAgeSeconds;
  const limit = threshold != null
    ? `threshold ${seconds(threshold, 0)}`
    : `stale after ${seconds(settings.staleAfterSeconds)} without a new segment`;
  const over = threshold != null && age != null && age > threshold;
  card.replaceChildren(...[
    el('h2', {}, name, ' ', el('span', { class: 'state' }, origin.state)),
    el('p', { class: 'reason' }, origin.reason),
    el('p', { class: 'age' },
      el('span', { class: 'label' }, 'segment age '),
      el('strong', { class: over ? 'over' : null }, seconds(age)),
      el('span', { class: 'limit' }, ` · ${limit}`)),
    threshold != null && age != null
      ? el('meter', { min: '0', max: String(threshold), high: String(threshold * 0.75),
        value: String(Math.min(age, threshold)) })
      : null,
    el('dl', {},
      el('dt', {}, 'last poll'), el('dd', {}, poll(origin.lastPoll)),
      el('dt', {}, '5xx answers'), el('dd', { class: 'http5xx' }, String(origin.http5xx)),
      el('dt', {}, 'playlist'), el('dd', {}, origin.mediaSequence < 0 ? '–'
        : `segments ${origin.mediaSequence}–${origin.lastSequence}`),
      el('dt', {}, 'polls'), el('dd', {}, String(origin.polls))),
  ].filter((child) => child != null));
}

function poll(last) {
  if (last.at == null) return 'not yet';
  const answer = last.error ? (last.status ? `HTTP ${last.status}: ${last.error}` : last.error)
    : `HTTP ${last.status}`;
  return `${answer} in ${last.latencyMs.toFixed(1)} ms at ${clock(last.at)}`;
}

function renderTimeline(switches) {
  const list = $('#timeline');
  if (switches.length === 0) {
    list.replaceChildren(el('li', { class: 'empty' }, 'None yet.'));
    return;
  }
  list.replaceChildren(...switches.slice().reverse().map((change) => el('li', {
    'data-kind': change.kind,
  }, el('time', {}, clock(change.at)), el('span', { class: 'kind' }, change.kind),
  el('span', {}, `to ${change.to}: ${change.reason}`))));
}
