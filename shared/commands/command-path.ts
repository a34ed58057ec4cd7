// The one command path: every write (HTTP, import, publication, CLI) is decided here
// and committed through it. Per process:
// - commands queue; each is decided on the latest state of its stream, so two requests
//   served by one process never conflict with each other;
// - states (the command's own stream, the plan and executors it consults, the API key
//   it came with) are cached and trusted only because the commit checks their versions;
// - commands waiting for the head go out together in one transaction (group commit);
//   one that fails its conditions is decided again on the fresh tail, the rest go in;
// - a conflict with another process is retried within a time budget; only a client's
//   own If-Match turns concurrency into a refusal (412).

import { METRIC } from '../config/observability';
import {
  type ApiKeyState,
  apiKeyDecider,
  type ContextNeeds,
  type Decider,
  type DomainCommand,
  type DomainEvent,
  deciderFor,
  EVENT_SCHEMA_VERSIONS,
  type ExecutorState,
  executorDecider,
  executorStreamId,
  type PlanState,
  parseEventData,
  planDecider,
  planStreamId,
  resolveContext,
} from '../domain';
import { recordedActor } from '../domain/actor';
import { apiKeyStreamId } from '../domain/streams';
import { AppError, ValidationError } from '../errors';
import type { Logger } from '../runtime/logger';
import { type Metrics, noMetrics } from '../runtime/metrics';
import { backoffMs, MAX_COMMIT_BYTES, MAX_TRANSACTION_ACTIONS, validatePending } from '../store/append-plan';
import {
  AppendLimitError,
  IdempotencyConflictError,
  StoreInconsistentError,
  StoreUnavailableError,
} from '../store/errors';
import type {
  AppendOutcome,
  AppendResult,
  EventEnvelope,
  EventStore,
  NewEvent,
  PendingAppend,
  StreamCondition,
} from '../store/event-store';
import { type CachedStream, StreamCache, type StreamCacheLimits } from './stream-cache';

/** 412: the If-Match version is not the stream's version. */
export class PreconditionFailedError extends AppError {
  readonly status = 412;
}

/** 401 at commit: the key the command came with was revoked (or is unknown) by then. */
export class CredentialRevokedError extends AppError {
  readonly status = 401;
}

export interface ExecuteOptions {
  /** The Idempotency-Key (scoped), or a generated id when the client sent none. */
  commandId: string;
  /** What makes a retry "the same request" (a hash of method, path and body). */
  fingerprint: string;
  /** If-Match: the stream version the client saw. */
  expectedVersion?: number;
  correlationId?: string | undefined;
  causationId?: string | undefined;
  recordedAt: string;
  /** The API key the command was sent with: its status is checked in the commit itself. */
  credential?: { keyId: string };
}

export interface CommandPathOptions {
  cache?: StreamCacheLimits;
  /** How long one command may be decided again because other processes wrote first (default 10 s). */
  budgetMs?: number;
  /** Commands per transaction (default 32, within the 100 actions a transaction holds). */
  maxGroup?: number;
  metrics?: Metrics;
  logger?: Logger;
}

// biome-ignore lint/suspicious/noExplicitAny: the registry holds deciders of every command and state type
type AnyDecider = Decider<any, any>;

interface Job {
  command: DomainCommand;
  decider: AnyDecider;
  streamId: string;
  options: ExecuteOptions;
  started: number;
  attempts: number;
  notBefore: number;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

interface Planned {
  job: Job;
  append: PendingAppend;
  after: Chained;
}

/** Transaction actions a commit needs besides the commands' own: the head. */
const HEAD_ACTIONS = 1;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class CommandPath {
  readonly cache: StreamCache;
  private readonly budgetMs: number;
  private readonly maxGroup: number;
  private readonly metrics: Metrics;
  private readonly loading = new Map<string, Promise<CachedStream>>();
  private pending: Job[] = [];
  private running = false;

  constructor(
    readonly store: EventStore,
    private readonly options: CommandPathOptions = {},
  ) {
    this.cache = new StreamCache(options.cache);
    this.budgetMs = options.budgetMs ?? 10_000;
    this.maxGroup = options.maxGroup ?? 32;
    this.metrics = options.metrics ?? noMetrics;
  }

  /** Decides and commits one command; the result of its append, or the refusal. */
  execute(command: DomainCommand, options: ExecuteOptions): Promise<AppendResult> {
    const decider = deciderFor(command);
    return new Promise<AppendResult>((resolve, reject) => {
      const job: Job = {
        command,
        decider,
        streamId: decider.streamId(command),
        options,
        started: Date.now(),
        attempts: 0,
        notBefore: 0,
        resolve: (result) => {
          this.metrics.observe(METRIC.commandLatency, Date.now() - job.started, 'Milliseconds');
          resolve(result);
        },
        reject,
      };
      // Everything cached (the steady state): it queues at once, without a promise chain.
      const loading = this.prepare(job);
      if (loading === undefined) this.enqueue(job);
      // What prepare cannot load, the decision reads again and reports.
      else void loading.catch(() => undefined).then(() => this.enqueue(job));
    });
  }

  private enqueue(job: Job): void {
    this.pending.push(job);
    // Once the current task is done (commands sent together go together), not a turn of
    // the event loop later: a first command goes out at once, and those parsed while its
    // transaction is in flight wait for it and go together in the next (group commit).
    queueMicrotask(() => this.pump());
  }

  /**
   * An API key's state for authentication. `fresh` (reads): one strongly consistent read
   * of the key's tip, the cached state when it is still at that version. Writes take the
   * cached state as it is: the commit checks its version.
   */
  async apiKey(keyId: string, fresh: boolean): Promise<ApiKeyState> {
    const streamId = apiKeyStreamId(keyId);
    const cached = this.cache.get(streamId);
    // An unknown key may have been issued by another process since: look again.
    if (cached && (fresh || cached.state === null)) {
      const tip = await this.store.streamTip(streamId);
      if (tip.version < cached.version) {
        throw new StoreInconsistentError(
          streamId,
          `its tip says version ${tip.version}, after ${cached.version} was seen`,
        );
      }
      if (tip.version !== cached.version) this.cache.markSuspect(streamId);
    }
    return (await this.ensure(streamId, apiKeyDecider)).state as ApiKeyState;
  }

  /**
   * Loads what the command will be decided on, before it joins the queue; undefined when
   * all of it is cached already.
   */
  private prepare(job: Job): Promise<void> | undefined {
    const own = this.fresh(job.streamId);
    const key = job.options.credential ? apiKeyStreamId(job.options.credential.keyId) : undefined;
    // Its own stream and key cached: what is left to load is the context, if anything.
    if (own && (key === undefined || this.fresh(key)))
      return this.loadContext(job.decider.needs(job.command, own.state));
    return (async () => {
      // Read together: the stream, the key, and the context the command names whatever its
      // stream holds (a measure's plan, the reporting executor). What the stream's state
      // adds (a co-executor, an entry's owner) is read after it. A failed read here is
      // reported by the one below or by the decision.
      const own = this.ensure(job.streamId, job.decider);
      const alongside: Promise<unknown>[] = [
        this.ensureContext({ ...job.decider.needs(job.command, job.decider.initialState), successors: false }),
      ];
      if (key !== undefined) alongside.push(this.ensure(key, apiKeyDecider));
      await Promise.all([own, ...alongside].map((load) => load.catch(() => undefined)));
      const loaded = (await own.catch(() => undefined)) ?? (await this.ensure(job.streamId, job.decider));
      await this.ensureContext(job.decider.needs(job.command, loaded.state));
      if (key !== undefined) await this.ensure(key, apiKeyDecider);
    })();
  }

  /** The cached state of a stream when it can be used as it is (not suspect). */
  private fresh(streamId: string): CachedStream | undefined {
    const cached = this.cache.get(streamId);
    return cached && !cached.suspect ? cached : undefined;
  }

  /** Loads the context a decision needs; undefined when every stream of it is cached. */
  private loadContext(needs: ContextNeeds): Promise<void> | undefined {
    if (!(needs.plans ?? []).every((id) => this.fresh(planStreamId(id)))) return this.ensureContext(needs);
    let ids = needs.executors ?? [];
    const seen = new Set<string>();
    while (ids.length > 0) {
      const next: string[] = [];
      for (const id of ids) {
        if (seen.has(id)) continue;
        seen.add(id);
        const entry = this.fresh(executorStreamId(id));
        if (!entry) return this.ensureContext(needs);
        const successor = needs.successors ? (entry.state as ExecutorState)?.liquidation?.successorId : undefined;
        if (successor) next.push(successor);
      }
      ids = next;
    }
    return undefined;
  }

  /** Reads what a context needs: its plans, with its executors and then their successors. */
  private async ensureContext(needs: ContextNeeds): Promise<void> {
    const plans = Promise.all((needs.plans ?? []).map((id) => this.ensure(planStreamId(id), planDecider)));
    const executors = async () => {
      // Executors, then their successors, until every one the decision can reach is here.
      let ids = [...(needs.executors ?? [])];
      const seen = new Set<string>();
      while (ids.length > 0) {
        const fresh = ids.filter((id) => !seen.has(id));
        for (const id of fresh) seen.add(id);
        const states = await Promise.all(fresh.map((id) => this.ensure(executorStreamId(id), executorDecider)));
        ids = needs.successors
          ? states.flatMap((entry) => {
              const next = (entry.state as ExecutorState)?.liquidation?.successorId;
              return next ? [next] : [];
            })
          : [];
      }
    };
    await Promise.all([plans, executors()]);
  }

  /** The cached state of a stream, read (whole, or its tail when suspect) when needed. */
  private ensure(streamId: string, decider: AnyDecider): Promise<CachedStream> {
    const cached = this.cache.get(streamId);
    if (cached && !cached.suspect) return Promise.resolve(cached);
    const running = this.loading.get(streamId);
    if (running) return running;
    const load = this.load(streamId, decider, cached).finally(() => this.loading.delete(streamId));
    this.loading.set(streamId, load);
    return load;
  }

  private async load(streamId: string, decider: AnyDecider, cached: CachedStream | undefined): Promise<CachedStream> {
    const from = cached?.version ?? 0;
    const { events, tip } = await this.store.readTail(streamId, from);
    if (tip.version < from) {
      throw new StoreInconsistentError(streamId, `its tip went back from version ${from} to ${tip.version}`);
    }
    if (events.length !== tip.version - from || (events[0] && events[0].version !== from + 1)) {
      throw new StoreInconsistentError(
        streamId,
        `reading after version ${from} did not end at its tip (${tip.version})`,
      );
    }
    let state = cached?.state ?? decider.initialState;
    let weight = cached?.weight ?? 0;
    for (const envelope of events) {
      state = decider.evolve(state, toDomainEvent(envelope));
      weight += eventWeight(envelope.data);
    }
    const entry: CachedStream = { version: tip.version, state, weight, suspect: false };
    this.cache.set(streamId, entry);
    return entry;
  }

  /** Runs groups while commands wait; one transaction in flight per process. */
  private pump(): void {
    if (this.running) return;
    this.running = true;
    void (async () => {
      while (this.pending.length > 0) {
        let group: Planned[] = [];
        try {
          group = await this.nextGroup();
          if (group.length > 0) await this.commitGroup(group);
          else await this.waitForReady();
        } catch (error) {
          // A bug, not a refusal: answer the commands it touched rather than hang them.
          this.options.logger?.error('command path failed', { error });
          for (const { job } of group) job.reject(error);
        }
      }
      this.running = false;
    })();
  }

  /** Nothing could go this round (all backing off): sleep until the first may try again. */
  private async waitForReady(): Promise<void> {
    if (this.pending.length === 0) return;
    const next = Math.min(...this.pending.map((job) => job.notBefore));
    if (next > Date.now()) await sleep(next - Date.now());
  }

  /**
   * Takes waiting commands in arrival order and decides each on the state the ones
   * before it leave. A command waits for the next group when it reads a stream this
   * group writes (or writes one it reads), when an earlier command on its stream waits,
   * when it is backing off, or when the transaction is full.
   */
  private async nextGroup(): Promise<Planned[]> {
    const jobs = this.pending.splice(0);
    const planned: Planned[] = [];
    const deferred: Job[] = [];
    const written = new Map<string, Chained>();
    const read = new Map<string, number>();
    const waiting = new Set<string>();
    let actions = HEAD_ACTIONS;
    let bytes = 0;
    const now = Date.now();
    const defer = (job: Job) => {
      deferred.push(job);
      waiting.add(job.streamId);
    };
    for (const job of jobs) {
      if (
        waiting.has(job.streamId) ||
        read.has(job.streamId) ||
        job.notBefore > now ||
        planned.length >= this.maxGroup
      ) {
        defer(job);
        continue;
      }
      let decision: Decision;
      try {
        decision = await this.decide(job, written.get(job.streamId));
      } catch (error) {
        // A refusal rests on cached states too: only one made on current states stands.
        // Nothing taken from the queue may be dropped: whatever fails here answers the job.
        try {
          if (error instanceof RuleRefusal && !written.has(job.streamId) && (await this.movedSince(error.inputs))) {
            job.attempts++;
            defer(job);
          } else void this.refuse(job, error instanceof RuleRefusal ? error.cause : error);
        } catch (lookupFailure) {
          job.reject(lookupFailure);
        }
        continue;
      }
      const { append, bytes: size } = decision;
      const conditions = append.conditions ?? [];
      const clash = conditions.some(
        (c) => written.has(c.streamId) || (read.has(c.streamId) && read.get(c.streamId) !== c.version),
      );
      // Its guard and a log item per event; once per stream in the group, the tip and the
      // run index item (one for every version the group writes there); new conditions.
      const cost =
        1 +
        append.events.length +
        (written.has(job.streamId) ? 0 : 2) +
        conditions.filter((c) => !read.has(c.streamId)).length;
      if (HEAD_ACTIONS + cost > MAX_TRANSACTION_ACTIONS) {
        // Its events, or the streams its decision rests on (a long line of successors, say):
        // each is an action of the one transaction.
        const checks = conditions.filter((c) => !read.has(c.streamId)).length;
        void this.refuse(
          job,
          new AppendLimitError(
            'too_many_events',
            `the command writes ${append.events.length} event(s) and its decision rests on ${checks} other stream(s): ${HEAD_ACTIONS + cost} actions, where one transaction holds ${MAX_TRANSACTION_ACTIONS}`,
            { limit: MAX_TRANSACTION_ACTIONS, events: append.events.length, streamsChecked: checks },
          ),
        );
        continue;
      }
      if (clash || actions + cost > MAX_TRANSACTION_ACTIONS || bytes + size > MAX_COMMIT_BYTES) {
        defer(job);
        continue;
      }
      actions += cost;
      bytes += size;
      for (const c of conditions) read.set(c.streamId, c.version);
      written.set(job.streamId, decision.after);
      planned.push({ job, append, after: decision.after });
    }
    this.pending = [...deferred, ...this.pending];
    return planned;
  }

  /** Decides one command on its stream's latest state (or the state the group leaves). */
  private async decide(job: Job, chained: Chained | undefined): Promise<Decision> {
    const { decider, command, options } = job;
    let own: Chained = chained ?? this.fresh(job.streamId) ?? (await this.ensure(job.streamId, decider));
    if (options.expectedVersion !== undefined && own.version !== options.expectedVersion) {
      if (!chained && own.version < options.expectedVersion) {
        // The client saw a version this process has not: read the tail and look again.
        this.cache.markSuspect(job.streamId);
        own = await this.ensure(job.streamId, decider);
      }
      if (own.version !== options.expectedVersion) {
        throw new PreconditionFailedError(
          'version_mismatch',
          `${job.streamId} is at version ${own.version}, not ${options.expectedVersion}.`,
          { streamId: job.streamId, currentVersion: own.version },
        );
      }
    }
    const needs = decider.needs(command, own.state);
    const loading = this.loadContext(needs);
    if (loading) await loading;
    const { context, read } = resolveContext(needs, this.contextSource());
    if (options.credential) {
      const keyStream = apiKeyStreamId(options.credential.keyId);
      const key = (this.fresh(keyStream) ?? (await this.ensure(keyStream, apiKeyDecider))).state as ApiKeyState;
      if (!key || key.revocation) {
        throw new CredentialRevokedError('unauthorized', 'The API key was revoked.');
      }
      read.push(keyStream);
    }
    let events: DomainEvent[];
    try {
      events = decider.decide(command, own.state, context) as DomainEvent[];
    } catch (error) {
      if (!(error instanceof AppError) || error instanceof ValidationError || error.status >= 500) throw error;
      const inputs = [job.streamId, ...read].map((streamId) => ({
        streamId,
        version: this.cache.get(streamId)?.version ?? 0,
      }));
      throw new RuleRefusal(error, inputs);
    }
    const append: PendingAppend = {
      streamId: job.streamId,
      expectedVersion: own.version,
      events: toNewEvents(events),
      commandId: options.commandId,
      fingerprint: options.fingerprint,
      // The scope stays out of the log: ApiKeyIssued records it for the key.
      actor: recordedActor(command.actor),
      recordedAt: options.recordedAt,
      correlationId: options.correlationId,
      causationId: options.causationId,
      conditions: read
        .filter((streamId) => streamId !== job.streamId)
        .map((streamId) => ({ streamId, version: this.cache.get(streamId)?.version ?? 0 })),
    };
    const bytes = validatePending(append);
    const state = events.reduce(decider.evolve, own.state);
    const weight = own.weight + append.events.reduce((total, e) => total + eventWeight(e.data), 0);
    return { append, bytes, after: { version: own.version + events.length, state, weight } };
  }

  /**
   * True when a stream a refusal rested on has moved since it was cached (one read of
   * their tips); those streams are then read again before the next decision.
   */
  private async movedSince(inputs: StreamCondition[]): Promise<boolean> {
    const tips = await this.store.streamTips(inputs.map((input) => input.streamId));
    const moved = inputs.filter((input) => (tips.get(input.streamId)?.version ?? 0) !== input.version);
    for (const { streamId } of moved) this.cache.markSuspect(streamId);
    return moved.length > 0;
  }

  private contextSource() {
    return {
      plan: (planId: string) => (this.cache.get(planStreamId(planId))?.state ?? null) as PlanState,
      executor: (executorId: string) => (this.cache.get(executorStreamId(executorId))?.state ?? null) as ExecutorState,
    };
  }

  /**
   * A command refused before it was written. A retried request (same command id) may be
   * refused only because its first attempt went in: then it answers as the first did.
   */
  private async refuse(job: Job, error: unknown): Promise<void> {
    try {
      if (error instanceof AppError && error.status < 500 && error.status !== 401) {
        const recorded = await this.recorded(job.options.commandId, job.options.fingerprint);
        if (recorded) return job.resolve(recorded);
      }
      job.reject(error);
    } catch (lookupFailure) {
      job.reject(lookupFailure);
    }
  }

  /**
   * The first result of a command id already committed (as a duplicate), or null; an
   * IdempotencyConflictError when that id was used for another request.
   */
  async recorded(commandId: string, fingerprint: string): Promise<AppendResult | null> {
    const record = await this.store.findCommand(commandId);
    if (!record) return null;
    if (record.fingerprint !== fingerprint) throw new IdempotencyConflictError(commandId);
    const { fingerprint: _f, ...result } = record;
    return { ...result, duplicate: true };
  }

  private async commitGroup(planned: Planned[]): Promise<void> {
    this.metrics.observe(METRIC.groupSize, planned.length, 'Count');
    let outcomes: AppendOutcome[];
    try {
      outcomes = await this.store.commit(planned.map((p) => p.append));
    } catch (error) {
      // Nothing is known of this transaction: the streams are read again before the next use.
      for (const { job, append } of planned) {
        for (const streamId of [job.streamId, ...(append.conditions ?? []).map((c) => c.streamId)]) {
          this.cache.markSuspect(streamId);
        }
        job.reject(error);
      }
      return;
    }
    const again: Job[] = [];
    outcomes.forEach((outcome, i) => {
      const { job, after } = planned[i]!;
      if (outcome.status === 'written') {
        this.cache.set(job.streamId, { ...after, suspect: false });
        this.metrics.count(METRIC.appends, outcome.result.lastVersion - outcome.result.firstVersion + 1);
        job.resolve(outcome.result);
      } else if (outcome.status === 'duplicate') {
        this.cache.markSuspect(job.streamId);
        const { fingerprint, ...result } = outcome.record;
        if (fingerprint !== job.options.fingerprint) job.reject(new IdempotencyConflictError(job.options.commandId));
        else job.resolve({ ...result, duplicate: true });
      } else {
        for (const streamId of outcome.streamIds) this.cache.markSuspect(streamId);
        this.metrics.count(METRIC.conflicts);
        job.attempts++;
        if (Date.now() - job.started > this.budgetMs) {
          job.reject(
            new StoreUnavailableError(
              `${job.streamId} kept moving under other writers for ${this.budgetMs} ms; retry shortly`,
              'Contention',
            ),
          );
          return;
        }
        this.metrics.count(METRIC.appendRetries);
        // Once is the normal cost of a cache behind another process; after that, back off.
        job.notBefore = job.attempts > 1 ? Date.now() + backoffMs(Math.min(job.attempts, 6), 5, 250) : 0;
        again.push(job);
      }
    });
    this.pending = [...again, ...this.pending];
  }
}

/** A rule refused the command; `inputs` are the stream versions the refusal rested on. */
class RuleRefusal extends Error {
  constructor(
    override readonly cause: AppError,
    readonly inputs: StreamCondition[],
  ) {
    super(cause.message);
  }
}

interface Chained {
  version: number;
  state: unknown;
  weight: number;
}

interface Decision {
  append: PendingAppend;
  /** Its bytes in a transaction (`appendBytes`), counted when it was validated. */
  bytes: number;
  after: Chained;
}

function toDomainEvent(envelope: EventEnvelope): DomainEvent {
  return parseEventData(envelope.type, envelope.schemaVersion, envelope.data);
}

export function toNewEvents(events: DomainEvent[]): NewEvent[] {
  return events.map((event) => ({
    type: event.type,
    schemaVersion: EVENT_SCHEMA_VERSIONS[event.type],
    data: event.data as NewEvent['data'],
  }));
}

/**
 * What an event adds to a folded state: its data, less an entry's text, which the state
 * keeps as a digest (so many long entries on one measure neither fill the cache nor evict
 * every other stream from it).
 */
export function eventWeight(data: unknown): number {
  return JSON.stringify(data, (key, value) => (key === 'text' && typeof value === 'string' ? '' : value)).length + 64;
}

const paths = new WeakMap<EventStore, CommandPath>();

/**
 * The command path of a store in this process: one per store, so every writer in the
 * process shares its queue, its cache and its turn on the head.
 */
export function commandPathFor(store: EventStore, options?: CommandPathOptions): CommandPath {
  let path = paths.get(store);
  if (!path) {
    path = new CommandPath(store, options);
    paths.set(store, path);
  }
  return path;
}
