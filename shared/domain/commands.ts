// Every domain command, and the stream each one is decided on.
import type { ApiKeyCommand } from './apikey/commands';
import type { ExecutorCommand } from './executor/commands';
import type { MeasureCommand } from './measure/commands';
import type { PlanCommand } from './plan/commands';
import { apiKeyStreamId, executorStreamId, measureStreamId, planStreamId } from './streams';
import { unknownCommand } from './validate';

export type DomainCommand = ExecutorCommand | PlanCommand | MeasureCommand | ApiKeyCommand;
export type DomainCommandType = DomainCommand['type'];

export function commandStreamId(command: DomainCommand): string {
  switch (command.type) {
    case 'RegisterExecutor':
    case 'RenameExecutor':
    case 'LiquidateExecutor':
      return executorStreamId(command.executorId);
    case 'CreatePlan':
    case 'AddSection':
      return planStreamId(command.planId);
    case 'AddMeasure':
    case 'AmendMeasure':
    case 'ReportExecution':
    case 'CorrectExecution':
    case 'WithdrawExecution':
      return measureStreamId(command.planId, command.number);
    case 'IssueApiKey':
    case 'RevokeApiKey':
      return apiKeyStreamId(command.keyId);
    default:
      return unknownCommand(command);
  }
}
