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
export { decideExecutor, type ExecutorContext } from './decide';
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
  type Executor,
  type ExecutorState,
  evolveExecutor,
  initialExecutorState,
  type Liquidation,
  successionLine,
} from './state';
