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

/**
 * Sends a file as the request body (XMLHttpRequest, for its upload progress), with the CSRF token like every change.
 * onProgress gets the fraction sent, 0 to 1. Resolves with the JSON answer; rejects with its error text.
 */
export function upload(path, params, file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/' + path + '?' + new URLSearchParams(params).toString());
    xhr.withCredentials = true;
    xhr.setRequestHeader('X-Jaring-Csrf', csrf);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.onprogress = (ev) => {
      if (ev.lengthComputable && ev.total > 0) onProgress(ev.loaded / ev.total);
    };
    xhr.onload = () => {
      let body;
      try {
        body = JSON.parse(xhr.responseText);
      } catch (e) {
        body = { error: 'HTTP ' + xhr.status };
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(body);
      } else {
        const e = new Error(body.error || 'HTTP ' + xhr.status);
        e.status = xhr.status;
        reject(e);
      }
    };
    xhr.onerror = () => reject(new Error('the upload did not reach the console'));
    xhr.send(file);
  });
}
