import type { ProviderName, ReservationError } from './errors.js';
import { builtin } from './runtime.js';

/** Fields every diagnostics event has. URLs are redacted (tokens in paths become `[REDACTED]`). */
export interface RequestEventBase {
  /** The logical call the attempt belongs to: `meta.callId`, `error.callId`, the call's trace. */
  callId: string;
  /** The provider the request goes to. */
  provider: ProviderName;
  /** e.g. `arianee.reserveOne` */
  operation: string;
  /** The HTTP method. */
  method: string;
  /** The full URL, secrets replaced by `[REDACTED]`. */
  url: string;
  /** 1 for the first attempt. */
  attempt: number;
}

/** An attempt is about to be sent (`reservekit:request:start`, `hooks.onRequest`). */
export interface RequestStartEvent extends RequestEventBase {}

/** An attempt got a response, whatever its status (`reservekit:request:response`, `hooks.onResponse`). */
export interface ResponseEvent extends RequestEventBase {
  /** The HTTP status. */
  status: number;
  /** The provider's request id, when its response carried one. */
  requestId: string | undefined;
  /** Time from sending to the response headers, in ms. */
  durationMs: number;
}

/** An attempt failed (`reservekit:request:error`, `hooks.onError`); it may still be retried. */
export interface ErrorEvent extends RequestEventBase {
  /** The attempt's error, redacted. */
  error: ReservationError;
  /** Time from sending to the failure, in ms. */
  durationMs: number;
}

/** A failed attempt will be retried after `delayMs` (`reservekit:request:retry`, `hooks.onRetry`). */
export interface RetryEvent extends RequestEventBase {
  /** The error that is being retried. */
  error: ReservationError;
  /** The wait before the next attempt. */
  delayMs: number;
  /**
   * Why: `backoff`, `retry-after`, or `credential-refresh` (the provider refused a bearer token the
   * client minted with 401: a new one is minted and the request sent once more, at once).
   */
  reason: 'backoff' | 'retry-after' | 'credential-refresh';
}

/**
 * A create looked up what an earlier attempt whose outcome is unknown did, before sending again or
 * before giving up (`reservekit:request:reconcile`, `hooks.onReconcile`).
 */
export interface ReconcileEvent {
  /** The logical call (the create) whose lost attempt was looked up. */
  callId: string;
  /** The provider the call went to. */
  provider: ProviderName;
  /** e.g. `dots.ecoClubOfferings.create` */
  operation: string;
  /** Attempts (requests sent) of the call when the lookup ran: lookups are not attempts. */
  attempt: number;
  /** Whether the lookup found what the lost attempt created. */
  found: boolean;
}

/**
 * Callbacks on a client: the same payloads as the diagnostics channels. Exceptions they throw, and
 * rejections of the promises async hooks return, are ignored: observing a request never breaks it.
 * The request does not wait for an async hook.
 */
export interface TransportHooks {
  /** Before each attempt is sent. */
  onRequest?: (event: RequestStartEvent) => void;
  /** When an attempt gets a response, error statuses included. */
  onResponse?: (event: ResponseEvent) => void;
  /** When an attempt fails. */
  onError?: (event: ErrorEvent) => void;
  /** Before the wait that precedes a retry. */
  onRetry?: (event: RetryEvent) => void;
  /** After a lookup of what a lost attempt did. */
  onReconcile?: (event: ReconcileEvent) => void;
}

/** `node:diagnostics_channel` names reservekit publishes on. */
export const CHANNELS = {
  /** {@link RequestStartEvent}s. */
  request: 'reservekit:request:start',
  /** {@link ResponseEvent}s. */
  response: 'reservekit:request:response',
  /** {@link ErrorEvent}s. */
  error: 'reservekit:request:error',
  /** {@link RetryEvent}s. */
  retry: 'reservekit:request:retry',
  /** {@link ReconcileEvent}s. */
  reconcile: 'reservekit:request:reconcile',
} as const;

/** What the transport uses of a channel. */
interface Channel {
  readonly hasSubscribers: boolean;
  publish(message: unknown): void;
}

// Where the runtime has no diagnostics channels (an edge runtime), nobody can subscribe.
const UNOBSERVED: Channel = { hasSubscribers: false, publish() {} };

// Channels are looked up lazily so that importing the package does no work.
let channels: Record<keyof typeof CHANNELS, Channel> | undefined;
function getChannels() {
  channels ??= lookUpChannels();
  return channels;
}

function lookUpChannels(): Record<keyof typeof CHANNELS, Channel> {
  const diagnosticsChannel = builtin('node:diagnostics_channel');
  return Object.fromEntries(
    Object.entries(CHANNELS).map(([kind, name]) => [kind, diagnosticsChannel?.channel(name) ?? UNOBSERVED]),
  ) as Record<keyof typeof CHANNELS, Channel>;
}

type EventOf = {
  request: RequestStartEvent;
  response: ResponseEvent;
  error: ErrorEvent;
  retry: RetryEvent;
  reconcile: ReconcileEvent;
};

const HOOK_OF = {
  request: 'onRequest',
  response: 'onResponse',
  error: 'onError',
  retry: 'onRetry',
  reconcile: 'onReconcile',
} as const;

/** Whether anyone listens: the transport builds no payload when nobody does. */
export function isObserved(kind: keyof typeof CHANNELS, hooks: TransportHooks | undefined): boolean {
  return hooks?.[HOOK_OF[kind]] !== undefined || getChannels()[kind].hasSubscribers;
}

export function publish<K extends keyof typeof CHANNELS>(
  kind: K,
  event: EventOf[K],
  hooks: TransportHooks | undefined,
): void {
  const channel = getChannels()[kind];
  if (channel.hasSubscribers) channel.publish(event);
  const hook = hooks?.[HOOK_OF[kind]] as ((e: EventOf[K]) => unknown) | undefined;
  if (hook) {
    // A hook must not break the request it observes: neither by throwing nor, when it is async,
    // by rejecting (an unhandled rejection ends the process by default).
    try {
      const result = hook(event);
      if (isThenable(result)) result.then(undefined, ignore);
    } catch {
      // ignored, as above
    }
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

function ignore(): void {}
