import diagnosticsChannel from 'node:diagnostics_channel';
import type { ProviderName, ReservationError } from './errors.js';

/** Fields every diagnostics event has. URLs are redacted (tokens in paths become `[REDACTED]`). */
export interface RequestEventBase {
  provider: ProviderName;
  /** e.g. `arianee.reserveOne` */
  operation: string;
  method: string;
  url: string;
  /** 1 for the first attempt. */
  attempt: number;
}

export interface RequestStartEvent extends RequestEventBase {}

export interface ResponseEvent extends RequestEventBase {
  status: number;
  requestId: string | undefined;
  durationMs: number;
}

export interface ErrorEvent extends RequestEventBase {
  error: ReservationError;
  durationMs: number;
}

export interface RetryEvent extends RequestEventBase {
  error: ReservationError;
  /** The wait before the next attempt. */
  delayMs: number;
  /** Why: `backoff` or `retry-after`. */
  reason: 'backoff' | 'retry-after';
}

export interface ReconcileEvent {
  provider: ProviderName;
  operation: string;
  attempt: number;
  /** Whether the lookup found what the lost attempt created. */
  found: boolean;
}

/** Callbacks on a client: the same payloads as the diagnostics channels. Exceptions they throw are ignored. */
export interface TransportHooks {
  onRequest?: (event: RequestStartEvent) => void;
  onResponse?: (event: ResponseEvent) => void;
  onError?: (event: ErrorEvent) => void;
  onRetry?: (event: RetryEvent) => void;
  onReconcile?: (event: ReconcileEvent) => void;
}

/** `node:diagnostics_channel` names reservekit publishes on. */
export const CHANNELS = {
  request: 'reservekit:request:start',
  response: 'reservekit:request:response',
  error: 'reservekit:request:error',
  retry: 'reservekit:request:retry',
  reconcile: 'reservekit:request:reconcile',
} as const;

// Channels are looked up lazily so that importing the package does no work.
let channels: Record<keyof typeof CHANNELS, diagnosticsChannel.Channel> | undefined;
function getChannels() {
  channels ??= {
    request: diagnosticsChannel.channel(CHANNELS.request),
    response: diagnosticsChannel.channel(CHANNELS.response),
    error: diagnosticsChannel.channel(CHANNELS.error),
    retry: diagnosticsChannel.channel(CHANNELS.retry),
    reconcile: diagnosticsChannel.channel(CHANNELS.reconcile),
  };
  return channels;
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
  const hook = hooks?.[HOOK_OF[kind]] as ((e: EventOf[K]) => void) | undefined;
  if (hook) {
    try {
      hook(event);
    } catch {
      // A hook must not break the request it observes.
    }
  }
}
