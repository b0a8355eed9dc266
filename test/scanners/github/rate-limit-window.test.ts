/** The pacer's pure parts: reading the headers, which resource a request counts against, when it may go. */
import { describe, expect, it } from 'vitest';
import { rateLimitResource } from '../../../scanners/github/rate-limit-pacer.js';
import { RateLimitWindow, readRateLimitHeaders } from '../../../scanners/github/rate-limit-window.js';

const RESET = 1_800_000_000_000;
const MARGIN = 250;

function windowWith(report: { remaining: number; limit?: number }, inFlight = 0): RateLimitWindow {
  const window = new RateLimitWindow();
  window.report({ remaining: report.remaining, limit: report.limit ?? 30, resetAt: RESET });
  for (let started = 0; started < inFlight; started += 1) window.start();
  return window;
}

describe('rate-limit headers', () => {
  it('reads remaining, limit, reset (seconds to ms) and resource', () => {
    expect(
      readRateLimitHeaders({
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '4999',
        'x-ratelimit-used': '1',
        'x-ratelimit-reset': '1800000000',
        'x-ratelimit-resource': 'graphql',
      }),
    ).toEqual({ resource: 'graphql', remaining: 4999, limit: 5000, resetAt: RESET });
  });

  it('reads nothing from an answer without them, and an unknown limit as unlimited', () => {
    expect(readRateLimitHeaders({ 'content-type': 'application/json' })).toBeUndefined();
    expect(readRateLimitHeaders(undefined)).toBeUndefined();
    expect(readRateLimitHeaders({ 'x-ratelimit-remaining': '', 'x-ratelimit-reset': '1' })).toBeUndefined();
    expect(readRateLimitHeaders({ 'x-ratelimit-remaining': 3, 'x-ratelimit-reset': 1800000000 })).toEqual({
      remaining: 3,
      limit: Number.POSITIVE_INFINITY,
      resetAt: RESET,
    });
  });
});

describe('which resource a request counts against', () => {
  it('is graphql for POST /graphql (GitHub and GHES), core for everything else', () => {
    expect(rateLimitResource('POST', '/graphql')).toBe('graphql');
    expect(rateLimitResource('POST', 'https://github.example.com/api/graphql')).toBe('graphql');
    expect(rateLimitResource('GET', '/orgs/{org}/members')).toBe('core');
    expect(rateLimitResource('DELETE', '/repos/{owner}/{repo}/keys/{key_id}')).toBe('core');
    expect(rateLimitResource('GET', 'http://127.0.0.1:1/organizations/1/members?page=2')).toBe('core');
  });
});

describe('when the next request may go', () => {
  it('goes when nothing is known yet', () => {
    expect(new RateLimitWindow().admission(RESET, MARGIN)).toBe('now');
  });

  it('goes while the remaining exceeds the requests in flight, else waits for the reset plus the margin', () => {
    expect(windowWith({ remaining: 3 }, 2).admission(RESET - 5000, MARGIN)).toBe('now');
    expect(windowWith({ remaining: 2 }, 2).admission(RESET - 5000, MARGIN)).toBe(RESET + MARGIN);
    expect(windowWith({ remaining: 0 }).admission(RESET - 5000, MARGIN)).toBe(RESET + MARGIN);
  });

  it('after the reset, counts a fresh window: its limit less what is in flight, then waits for an answer', () => {
    expect(windowWith({ remaining: 0, limit: 3 }, 2).admission(RESET + MARGIN, MARGIN)).toBe('now');
    expect(windowWith({ remaining: 0, limit: 3 }, 3).admission(RESET + MARGIN, MARGIN)).toBe('after-answer');
    expect(windowWith({ remaining: 0, limit: 0 }).admission(RESET + MARGIN, MARGIN)).toBe('now');
  });

  it('keeps the freshest report: a later window, or a lower remaining in the same one', () => {
    const window = windowWith({ remaining: 5 });
    window.report({ remaining: 7, limit: 30, resetAt: RESET });
    expect(window.reported?.remaining).toBe(5);
    window.report({ remaining: 2, limit: 30, resetAt: RESET - 2000 });
    expect(window.reported?.remaining).toBe(5);
    window.report({ remaining: 4, limit: 30, resetAt: RESET });
    expect(window.reported?.remaining).toBe(4);
    window.report({ remaining: 29, limit: 30, resetAt: RESET + 2000 });
    expect(window.reported).toEqual({ remaining: 29, limit: 30, resetAt: RESET + 2000 });
  });

  it('tells listeners of every report and finished request until they stop listening', () => {
    const window = new RateLimitWindow();
    let calls = 0;
    const stop = window.onChange(() => {
      calls += 1;
    });
    window.start();
    window.report({ remaining: 1, limit: 30, resetAt: RESET });
    window.finish();
    stop();
    window.report({ remaining: 0, limit: 30, resetAt: RESET });
    expect(calls).toBe(2);
    expect(window.inFlight).toBe(0);
  });
});
