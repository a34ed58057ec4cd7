export {
  type ExecutionCorrected,
  ExecutionCorrectedSchema,
  type ExecutionReported,
  ExecutionReportedSchema,
  type ExecutionWithdrawn,
  ExecutionWithdrawnSchema,
  type MeasureAdded,
  MeasureAddedSchema,
  type MeasureAmended,
  MeasureAmendedSchema,
  MEASURE_EVENT_VERSIONS,
  type MeasureEvent,
  MeasureEventSchema,
  type MeasureExecutor,
  MeasureExecutorSchema,
} from './events';
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
  reportFields,
  type ReportExecution,
  ReportExecutionSchema,
  type WithdrawExecution,
  WithdrawExecutionSchema,
} from './commands';
export {
  evolveMeasure,
  type ExecutionReport,
  findReport,
  initialMeasureState,
  type Measure,
  type MeasureState,
} from './state';
export { type MeasureContext, mayReportOn } from './rules';
export { decideMeasure } from './decide';
export { executionReportedV1ToV2, ExecutionReportedV1Schema } from './upcasters';
