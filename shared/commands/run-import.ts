// Applies an import document as ordinary commands, through the same rules, in one
// pass. Each step's command id is a hash of its content, so importing the same
// file twice changes nothing; refusals are collected, not fatal.
import type { CommandEnvelope } from '../domain';
import { AppError } from '../errors';
import { type ImportStep, parseImportDocument, planImport } from '../import';
import type { EventStore } from '../store/event-store';
import { executeCommand } from './execute';

export interface ImportRefusal {
  step: number;
  label: string;
  status: number;
  code: string;
  message: string;
}

export interface ImportReport {
  steps: number;
  applied: number;
  unchanged: number;
  refused: ImportRefusal[];
  lastPosition: number | null;
}

/** What became of one step: written, found already written (a repeated import), or refused. */
export type StepOutcome =
  | { status: 'applied' | 'unchanged'; position: number }
  | { status: 'refused'; code: string; message: string };

export type ImportProgress = (done: number, total: number, label: string, outcome: StepOutcome) => void;

export interface RunImportOptions extends CommandEnvelope {
  correlationId?: string;
  /** The API key the import was sent with: every step's commit checks it still holds. */
  credential?: { keyId: string };
  /** Called after each step, with its outcome. */
  onProgress?: ImportProgress;
}

export async function runImport(store: EventStore, input: unknown, options: RunImportOptions): Promise<ImportReport> {
  const doc = parseImportDocument(input);
  return runSteps(store, planImport(doc, { actor: options.actor, at: options.at }), options);
}

/** Runs planned steps in order, each under its own command id; refusals are collected, not fatal. */
export async function runSteps(
  store: EventStore,
  steps: ImportStep[],
  options: RunImportOptions,
): Promise<ImportReport> {
  const report: ImportReport = { steps: steps.length, applied: 0, unchanged: 0, refused: [], lastPosition: null };
  for (const [index, step] of steps.entries()) {
    let outcome: StepOutcome;
    try {
      const result = await executeCommand(store, step.command, {
        commandId: step.commandId,
        fingerprint: step.commandId,
        recordedAt: options.at,
        ...(options.correlationId ? { correlationId: options.correlationId } : {}),
        ...(options.credential ? { credential: options.credential } : {}),
      });
      if (result.duplicate) report.unchanged++;
      else report.applied++;
      report.lastPosition = Math.max(report.lastPosition ?? 0, result.lastPosition);
      outcome = { status: result.duplicate ? 'unchanged' : 'applied', position: result.lastPosition };
    } catch (error) {
      // A refused step is reported; infrastructure failures stop the import.
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      report.refused.push({
        step: index + 1,
        label: step.label,
        status: error.status,
        code: error.code,
        message: error.message,
      });
      outcome = { status: 'refused', code: error.code, message: error.message };
    }
    options.onProgress?.(index + 1, steps.length, step.label, outcome);
  }
  return report;
}
