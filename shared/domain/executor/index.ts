export {
  EXECUTOR_EVENT_VERSIONS,
  type ExecutorEvent,
  ExecutorEventSchema,
  type ExecutorLiquidated,
  ExecutorLiquidatedSchema,
  type ExecutorRegistered,
  ExecutorRegisteredSchema,
  type ExecutorRenamed,
  ExecutorRenamedSchema,
} from './events';
export {
  type ExecutorCommand,
  executorFields,
  type LiquidateExecutor,
  LiquidateExecutorSchema,
  liquidationFields,
  type RegisterExecutor,
  RegisterExecutorSchema,
  type RenameExecutor,
  RenameExecutorSchema,
  renameFields,
} from './commands';
export {
  evolveExecutor,
  type Executor,
  type ExecutorState,
  initialExecutorState,
  type Liquidation,
  successionLine,
} from './state';
export { decideExecutor, type ExecutorContext } from './decide';
