export {
  type AddMeasure,
  AddMeasureSchema,
  type AmendMeasure,
  AmendMeasureSchema,
  type Assignment,
  AssignmentsSchema,
  type CorrectExecution,
  CorrectExecutionSchema,
  correctionFields,
  type MeasureCommand,
  measureFields,
  type ReportExecution,
  ReportExecutionSchema,
  reportFields,
  type WithdrawExecution,
  WithdrawExecutionSchema,
} from './commands';
export { decideMeasure } from './decide';
export {
  type ExecutionCorrected,
  ExecutionCorrectedSchema,
  type ExecutionReported,
  ExecutionReportedSchema,
  type ExecutionWithdrawn,
  ExecutionWithdrawnSchema,
  MEASURE_EVENT_VERSIONS,
  type MeasureAdded,
  MeasureAddedSchema,
  type MeasureAmended,
  MeasureAmendedSchema,
  type MeasureEvent,
  MeasureEventSchema,
  type MeasureExecutor,
  MeasureExecutorSchema,
} from './events';
export { type MeasureContext, mayReportOn } from './rules';
export {
  type ExecutionReport,
  evolveMeasure,
  findReport,
  initialMeasureState,
  type Measure,
  type MeasureState,
} from './state';
export { ExecutionReportedV1Schema, executionReportedV1ToV2 } from './upcasters';
