/**
 * Metrics without content (issue 15): counts and latencies only — never message text, names or
 * identifiers. A turn's dialogs note what happened in a `TurnEvents` record kept in the turn's
 * state (flow, acute-risk tier, search outcome, konsultasjon sent); the channel layer times the
 * turn and hands the record to `Metrics`. Served in Prometheus text format on GET /metrics when
 * METRICS_TOKEN is set (prom-client, a registry per app so tests do not share counters).
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type AcuteTier = 'acute' | 'possible';
export type SearchOutcome = 'confident' | 'unsure' | 'none';

/** What a turn did, as the dialogs note it. */
export interface TurnEvents {
  flow?: string;
  acuteTier?: AcuteTier;
  search?: SearchOutcome;
  konsultasjon?: boolean;
}

const EVENTS = Symbol.for('fagstotte.turnEvents');

/** The turn's event record (created on first use), kept in the turn's state. */
export function turnEvents(context: { readonly turnState: Map<unknown, unknown> }): TurnEvents {
  let events = context.turnState.get(EVENTS) as TurnEvents | undefined;
  if (!events) {
    events = {};
    context.turnState.set(EVENTS, events);
  }
  return events;
}

/** Flow ids as labels: the menu ids, or «menu» outside a flow (a fixed, small set). */
const FLOW_LABEL = /^[a-z][a-z0-9-]{0,30}$/;

/** What became of Opplæring xAPI statements: accepted by the LRS, given up on, or dropped from a full queue. */
export type XapiOutcome = 'sent' | 'failed' | 'dropped';

export interface Metrics {
  readonly registry: Registry;
  turn(events: TurnEvents, seconds: number, failed: boolean): void;
  httpRequest(route: string, status: number, seconds: number): void;
  xapiStatements(outcome: XapiOutcome, count: number): void;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'fagstotte_process_' });
  const registers = [registry];
  const turnDuration = new Histogram({
    name: 'fagstotte_turn_duration_seconds',
    help: 'Time to handle a message turn, by flow (menu outside a flow)',
    labelNames: ['flow'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers,
  });
  const turnErrors = new Counter({
    name: 'fagstotte_turn_errors_total',
    help: 'Turns that ended in an error',
    labelNames: ['flow'],
    registers,
  });
  const acute = new Counter({
    name: 'fagstotte_acute_risk_total',
    help: 'Acute-risk replies given, by tier',
    labelNames: ['tier'],
    registers,
  });
  const search = new Counter({
    name: 'fagstotte_search_total',
    help: 'Knowledge searches, by outcome (confident answer, unsure, no hit)',
    labelNames: ['outcome'],
    registers,
  });
  const konsultasjon = new Counter({
    name: 'fagstotte_konsultasjon_requests_total',
    help: 'Konsultasjon (tilsyn) requests completed',
    registers,
  });
  const xapi = new Counter({
    name: 'fagstotte_xapi_statements_total',
    help: 'Opplæring xAPI statements, by outcome (sent to the LRS, failed after a retry, dropped from a full queue)',
    labelNames: ['outcome'],
    registers,
  });
  const http = new Histogram({
    name: 'fagstotte_http_request_duration_seconds',
    help: 'HTTP request time by route and status class',
    labelNames: ['route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15],
    registers,
  });
  return {
    registry,
    turn(events, seconds, failed) {
      const flow = events.flow && FLOW_LABEL.test(events.flow) ? events.flow : 'menu';
      turnDuration.observe({ flow }, seconds);
      if (failed) turnErrors.inc({ flow });
      if (events.acuteTier) acute.inc({ tier: events.acuteTier });
      if (events.search) search.inc({ outcome: events.search });
      if (events.konsultasjon) konsultasjon.inc();
    },
    httpRequest(route, status, seconds) {
      http.observe({ route, status: `${Math.floor(status / 100)}xx` }, seconds);
    },
    xapiStatements(outcome, count) {
      if (count > 0) xapi.inc({ outcome }, count);
    },
  };
}
