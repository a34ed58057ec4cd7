// Renders the report model as JSON that is stable byte for byte: keys in the order
// the schema declares them (whatever order the model was built in), two-space
// indent, a trailing newline.
import { type ReportModel, ReportModelSchema } from './model';

export function renderJson(model: ReportModel): string {
  // Parsing rebuilds every object in schema order and drops keys the schema does not
  // know, so two equal models print the same, and nothing unpublished slips out.
  return `${JSON.stringify(ReportModelSchema.parse(model), null, 2)}\n`;
}
