// Calls to the console's own server. Every change carries the session's CSRF token in a header; the server also
// checks the Origin. Failures arrive as {"error": "..."} and are thrown with that text.

let csrf = null;

export function setCsrf(token) {
  csrf = token;
}

async function answer(res) {
  const body = await res.json().catch(() => ({ error: 'HTTP ' + res.status }));
  if (!res.ok) {
    const e = new Error(body.error || 'HTTP ' + res.status);
    e.status = res.status;
    throw e;
  }
  return body;
}

export async function get(path, params) {
  const q = params ? '?' + new URLSearchParams(params).toString() : '';
  return answer(await fetch('/api/' + path + q, { credentials: 'same-origin' }));
}

export async function post(path, body) {
  return answer(
    await fetch('/api/' + path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-Jaring-Csrf': csrf },
      body: JSON.stringify(body),
    }),
  );
}
