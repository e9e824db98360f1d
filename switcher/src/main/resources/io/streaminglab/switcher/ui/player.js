// The player: hls.js on the switcher's multivariant playlist (the stream on every switcher of
// the chain, so that the player moves to the other when this one fails), muted so that it may autoplay, with an overlay
// of what it sees. Every player event worth knowing is also pushed to window.streamingLabEvents
// ({at, type, ...}) so that a person in the console, or a browser test, can read the session.

import { seconds } from './format.js';

const PLAYLIST = '/hls/live.m3u8';
const MAX_EVENTS = 5000;

const events = (window.streamingLabEvents = window.streamingLabEvents || []);

export function record(type, detail = {}) {
  events.push({ at: Date.now(), type, ...detail });
  if (events.length > MAX_EVENTS) events.splice(0, events.length - MAX_EVENTS);
}

// What would otherwise only reach the console: script errors and blocked loads.
window.addEventListener('error', (event) => record('page-error', { message: event.message }));
document.addEventListener('securitypolicyviolation', (event) => record('csp-violation',
  { directive: event.effectiveDirective, blocked: event.blockedURI }));

/** Starts playing into `video`; returns false when this browser cannot play HLS with hls.js. */
export function startPlayer(video, overlay, note) {
  const Hls = window.Hls;
  if (!Hls || !Hls.isSupported()) {
    note.textContent = 'This browser has no Media Source Extensions, so hls.js cannot play here.';
    record('unsupported');
    return false;
  }
  const hls = new Hls({ enableWorker: true, liveDurationInfinity: true });
  const origins = new Map(); // fragment sequence number -> origin that served it
  const state = { stalls: 0, stalled: false, started: false, origin: null };

  const stall = (cause) => {
    if (!state.started || state.stalled) return;
    state.stalled = true;
    state.stalls += 1;
    record('stall', { cause, currentTime: video.currentTime });
  };

  hls.on(Hls.Events.MANIFEST_PARSED, () => {
    video.play().catch((error) => record('play-refused', { message: String(error) }));
  });
  hls.on(Hls.Events.FRAG_LOADED, (_, data) => {
    const origin = originOf(data.networkDetails);
    origins.set(data.frag.sn, origin);
    if (origins.size > 64) origins.delete(origins.keys().next().value);
    record('frag-loaded', { sn: data.frag.sn, origin });
  });
  hls.on(Hls.Events.FRAG_CHANGED, (_, data) => {
    state.origin = origins.get(data.frag.sn) ?? state.origin;
    record('frag-playing', { sn: data.frag.sn, origin: state.origin });
  });
  hls.on(Hls.Events.ERROR, (_, data) => {
    record('hls-error', { kind: data.type, details: data.details, fatal: data.fatal });
    if (data.details === Hls.ErrorDetails.BUFFER_STALLED_ERROR) stall(data.details);
    if (!data.fatal) return;
    // What hls.js's documentation advises: reload on network errors, rebuild on media errors.
    if (data.type === Hls.ErrorTypes.NETWORK_ERROR) hls.startLoad();
    else if (data.type === Hls.ErrorTypes.MEDIA_ERROR) hls.recoverMediaError();
    else note.textContent = `The player stopped: ${data.details}. Reload the page to retry.`;
  });

  video.addEventListener('playing', () => {
    state.started = true;
    state.stalled = false;
    record('playing', { currentTime: video.currentTime });
  });
  video.addEventListener('waiting', () => {
    record('waiting', { currentTime: video.currentTime, seeking: video.seeking });
    if (!video.seeking) stall('waiting');
  });
  for (const type of ['pause', 'seeking', 'seeked', 'ended', 'error']) {
    video.addEventListener(type, () => record(type, { currentTime: video.currentTime }));
  }

  hls.loadSource(PLAYLIST);
  hls.attachMedia(video);
  window.streamingLabPlayer = { hls, state };

  const fields = Object.fromEntries(
    [...overlay.querySelectorAll('[data-field]')].map((node) => [node.dataset.field, node]));
  setInterval(() => {
    fields.buffer.textContent = seconds(bufferAhead(video));
    fields.latency.textContent = seconds(hls.latency);
    fields.stalls.textContent = String(state.stalls);
    fields.origin.textContent = state.origin ?? '–';
    fields.origin.dataset.origin = state.origin ?? '';
  }, 250);
  return true;
}

/** The X-Origin header of the request that loaded a fragment (XHR or fetch), or null. */
function originOf(details) {
  try {
    if (details && typeof details.getResponseHeader === 'function') {
      return details.getResponseHeader('X-Origin');
    }
    if (details && details.headers && typeof details.headers.get === 'function') {
      return details.headers.get('X-Origin');
    }
  } catch (error) {
    // A request that failed has no headers to read.
  }
  return null;
}

/** Seconds buffered ahead of the playhead. */
function bufferAhead(video) {
  const t = video.currentTime;
  for (let i = 0; i < video.buffered.length; i += 1) {
    if (video.buffered.start(i) <= t + 0.1 && t <= video.buffered.end(i)) {
      return video.buffered.end(i) - t;
    }
  }
  return 0;
}
