// Browser sign-in: OAuth 2 authorization code with PKCE against the identity provider behind /auth.
// The access token lives in this module's memory only — never in localStorage or a cookie — so a reload
// asks to sign in again. sessionStorage holds only the one-time PKCE verifier and state during the redirect.

const CLIENT_ID = 'spoc-portal';
const PENDING = 'spoc.pkce';

let session = null; // { token, user: { name, roles, groups }, expiresAt }
const listeners = new Set();

export function current() {
  if (session && Date.now() > session.expiresAt - 5000) {
    session = null;
    notify();
  }
  return session;
}

export function onChange(listener) {
  listeners.add(listener);
}

function notify() {
  for (const listener of listeners) listener(session);
}

function b64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString() {
  return b64url(crypto.getRandomValues(new Uint8Array(32)));
}

function redirectUri() {
  return `${location.origin}/`;
}

/** Starts the sign-in: remembers verifier, state and where to return, then goes to the identity provider. */
export async function signIn() {
  const verifier = randomString();
  const state = randomString();
  const challenge = b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, returnTo: location.hash || '#/' }));
  const query = new URLSearchParams({
    response_type: 'code', client_id: CLIENT_ID, redirect_uri: redirectUri(), state,
    code_challenge: challenge, code_challenge_method: 'S256', scope: 'openid',
  });
  location.assign(`/auth/authorize?${query}`);
}

/** Completes a sign-in when the identity provider sent the browser back with ?code=&state=. */
export async function completeSignIn() {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  if (!code) return false;
  const pending = JSON.parse(sessionStorage.getItem(PENDING) || 'null');
  sessionStorage.removeItem(PENDING);
  const returnTo = pending?.returnTo || '#/';
  history.replaceState(null, '', `/${returnTo}`);
  if (!pending || pending.state !== params.get('state')) {
    throw new Error('The sign-in answer did not match the request (state). Please sign in again.');
  }
  const response = await fetch('/auth/oauth/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', code, redirect_uri: redirectUri(), client_id: CLIENT_ID,
      code_verifier: pending.verifier,
    }),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok || !body.access_token) {
    throw new Error(body.error_description || body.detail || `Sign-in failed (${response.status}).`);
  }
  accept(body.access_token, body.expires_in);
  return true;
}

function accept(token, expiresIn) {
  const claims = JSON.parse(new TextDecoder().decode(
    Uint8Array.from(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')), c => c.charCodeAt(0))));
  const expiresAt = claims.exp ? claims.exp * 1000 : Date.now() + (expiresIn || 3600) * 1000;
  session = {
    token,
    expiresAt,
    user: { name: claims.preferred_username || claims.sub, roles: claims.roles || [], groups: claims.groups || [] },
  };
  notify();
}

export function signOut() {
  session = null;
  notify();
}

export function isAgent() {
  const roles = current()?.user.roles || [];
  return roles.includes('AGENT') || roles.includes('MANAGER') || roles.includes('ADMIN');
}
