// The API through the gateway: bearer token from memory, JSON in and out, RFC 9457 problems as errors.
import { current, signOut } from './auth.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `Request failed (${status})`);
    this.status = status;
    this.problem = problem;
  }
}

export async function api(path, { method = 'GET', body, headers = {}, keepalive = false } = {}) {
  const session = current();
  const init = { method, headers: { Accept: 'application/json', ...headers }, keepalive };
  if (session) init.headers.Authorization = `Bearer ${session.token}`;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  if (response.status === 401 && session) {
    signOut();
  }
  const text = await response.text();
  const data = text ? safeJson(text) : null;
  if (!response.ok) {
    const problem = data && typeof data === 'object' ? data : { detail: text };
    if (problem.errors?.length) problem.detail = problem.errors.map(e => `${e.field}: ${e.detail}`).join('; ');
    else if (problem.field && problem.detail && !problem.detail.includes(problem.field)) problem.detail = `${problem.field}: ${problem.detail}`;
    throw new ApiError(response.status, problem);
  }
  return data;
}

function safeJson(text) {
  try { return JSON.parse(text); } catch { return text; }
}

/** A list from an answer that is either an array or a page ({items} / {content}). */
export function items(answer) {
  if (Array.isArray(answer)) return answer;
  return answer?.items || answer?.content || [];
}

export const get = (path) => api(path);
export const post = (path, body, headers) => api(path, { method: 'POST', body, headers });
