// The drill buttons. They exist only for a page opened with the admin token (the address `up`
// prints, /?token=...): the token moves to sessionStorage and leaves the address bar, so that
// it is not bookmarked, shared in a screenshot or kept in the history.

import { record } from './player.js';

const KEY = 'streaming-lab-admin-token';

/**
 * Wires the buttons when the page has the token; returns whether it has. The section stays
 * hidden until the switcher says it has components to drive (a switcher run alone has none).
 */
export function setUpControls(section, note) {
  const token = takeToken();
  if (!token) return false;
  for (const button of section.querySelectorAll('button[data-component]')) {
    button.addEventListener('click', () => act(button, token, note));
  }
  return true;
}

function takeToken() {
  const url = new URL(window.location.href);
  const given = url.searchParams.get('token');
  if (given) {
    sessionStorage.setItem(KEY, given);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
  return sessionStorage.getItem(KEY);
}

async function act(button, token, note) {
  const { component, action } = button.dataset;
  button.disabled = true;
  note.textContent = `${button.textContent}…`;
  record('control', { component, action });
  try {
    const response = await fetch(`/admin/components/${component}/${action}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
    });
    const body = await response.json().catch(() => ({}));
    record('control-done', { component, action, status: response.status });
    if (response.status === 401) {
      sessionStorage.removeItem(KEY);
      note.textContent = 'The switcher refused the token; open the address `up` printed again.';
    } else if (!response.ok) {
      note.textContent = body.error || `The switcher answered HTTP ${response.status}.`;
    } else {
      note.textContent = `${component} is ${body.running ? 'running' : 'stopped'}.`;
    }
  } catch (error) {
    note.textContent = `The switcher did not answer: ${error.message}`;
  } finally {
    button.disabled = false;
  }
}
