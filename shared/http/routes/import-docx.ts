// POST /v1/import/docx: a yearly report written in Word (the seed's layout), uploaded as
// multipart/form-data, read into an import document and applied as ordinary commands;
// `dryRun=true` answers with the document and what it would change, writing nothing.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { ValidationError } from '../../errors';
import { KEEPERS } from '../command-route';
import type { ApiDeps } from '../deps';
import type { ApiEnv } from '../env';
import { problems } from '../openapi-common';

export { MAX_DOCX_BODY_BYTES } from '../import-limits';

const PlaceSchema = z.union([
  z.object({ paragraph: z.number().int() }),
  z.object({ table: z.number().int(), row: z.number().int(), cell: z.number().int().optional() }),
  z.object({ document: z.literal(true) }),
]);

const FindingSchema = z
  .object({
    level: z.enum(['note', 'warning', 'skipped']),
    code: z.string(),
    place: PlaceSchema,
    where: z.string().openapi({ example: 'table 1, row 5, cell 5' }),
    message: z.string(),
    excerpt: z.string().optional(),
  })
  .openapi('DocxFinding');

const ChangesSchema = z
  .object({
    plan: z.object({ planId: z.string(), status: z.enum(['new', 'present']) }),
    executors: z.object({
      new: z.array(z.object({ executorId: z.string(), name: z.string() })),
      facts: z.array(z.string()),
    }),
    sections: z.object({ new: z.array(z.string()), present: z.array(z.string()) }),
    measures: z.object({ new: z.array(z.string()), present: z.array(z.string()) }),
    entries: z.object({
      new: z.array(z.object({ measure: z.string(), reportId: z.string(), period: z.string(), excerpt: z.string() })),
      present: z.array(z.object({ measure: z.string(), reportId: z.string(), excerpt: z.string() })),
    }),
  })
  .openapi('DocxChanges');

const RefusalSchema = z.object({
  step: z.number().int(),
  label: z.string(),
  status: z.number().int(),
  code: z.string(),
  message: z.string(),
});

const DocxImportResultSchema = z
  .object({
    dryRun: z.boolean(),
    planId: z.string(),
    year: z.number().int(),
    findings: z.array(FindingSchema),
    changes: ChangesSchema,
    document: z.record(z.string(), z.unknown()).optional().openapi({ description: 'The import document (dry run).' }),
    result: z
      .object({
        steps: z.number().int(),
        applied: z.number().int(),
        unchanged: z.number().int(),
        refused: z.array(RefusalSchema),
        lastPosition: z.number().int().nullable(),
      })
      .optional()
      .openapi({ description: 'What the import did (not on a dry run).' }),
  })
  .openapi('DocxImportResult');

const FORM_SCHEMA = {
  type: 'object' as const,
  required: ['file'],
  properties: {
    file: { type: 'string' as const, format: 'binary', description: 'The report, .docx' },
    plan: { type: 'string' as const, description: 'The plan to import into (default: the plan with the same title)' },
    dryRun: {
      type: 'string' as const,
      enum: ['true', 'false'],
      description: '`true`: answer with the document, write nothing',
    },
    map: {
      type: 'array' as const,
      items: { type: 'string' as const },
      description: '`<name as printed>=<executorId>`, once per name the directory does not know or shares',
    },
  },
};

type Form = Record<string, string | File | Array<string | File>>;

async function readForm(parse: () => Promise<Form>): Promise<Form> {
  try {
    return await parse();
  } catch {
    throw new ValidationError('The body is not readable multipart/form-data.', [], 'malformed_request');
  }
}

function strings(value: Form[string] | undefined, path: string): string[] {
  const values = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return values.map((item, index) => {
    if (typeof item !== 'string')
      throw new ValidationError(`${path} must be text.`, [
        { path: `${path}[${index}]`, message: 'must be text, not a file' },
      ]);
    return item;
  });
}

function single(value: Form[string] | undefined, path: string): string | undefined {
  const [first, ...rest] = strings(value, path);
  if (rest.length > 0) throw new ValidationError(`Give ${path} once.`, [{ path, message: 'given more than once' }]);
  return first;
}

function uploadedFile(value: Form[string] | undefined): File {
  const files = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const [file] = files;
  if (files.length !== 1 || typeof file === 'string' || file === undefined) {
    throw new ValidationError('Send one Word file in the form field `file`.', [
      { path: 'file', message: 'one .docx file is required' },
    ]);
  }
  return file;
}

export function importDocxRoutes(deps: ApiDeps) {
  return new OpenAPIHono<ApiEnv>().openapi(
    createRoute({
      method: 'post',
      path: '/v1/import/docx',
      operationId: 'importWordReport',
      'x-roles': KEEPERS,
      tags: ['plans'],
      summary: 'Import a yearly report written in Word (coordinator)',
      description:
        "The seed's layout: heading, five-column table, footnotes. `multipart/form-data` with a `file` field, body up to 4 MiB. " +
        'Entries the plan already holds are left out; importing the same file again changes nothing. ' +
        '400 `not_a_docx`, `not_a_report` or `plan_unknown` for a file that cannot be read as a report; 413 `docx_too_large`.',
      request: { body: { content: { 'multipart/form-data': { schema: FORM_SCHEMA } }, required: true } },
      responses: {
        200: {
          description: 'What the file holds and what it changed (or would change)',
          content: { 'application/json': { schema: DocxImportResultSchema } },
        },
        ...problems(400, 401, 403, 405, 413, 415, 500, 503),
      },
    }),
    async (c) => {
      const actor = c.get('actor');
      const form = await readForm(() => c.req.parseBody({ all: true }) as Promise<Form>);
      const file = uploadedFile(form.file);
      const dryRun = single(form.dryRun, 'dryRun');
      if (dryRun !== undefined && dryRun !== 'true' && dryRun !== 'false') {
        throw new ValidationError('dryRun must be true or false.', [
          { path: 'dryRun', message: 'must be true or false' },
        ]);
      }
      const plan = single(form.plan, 'plan');
      const bytes = new Uint8Array(await file.arrayBuffer());
      // The Word reader (fflate, xmldom) loads on first use: most cold starts never need it.
      const { importDocx, readDirectory } = await import('../../import/docx');
      const directory = await readDirectory(await deps.views());
      const result = await importDocx(deps.store, directory, bytes, {
        actor,
        at: deps.clock().toISOString(),
        correlationId: c.get('requestId'),
        credential: { keyId: actor.keyId },
        dryRun: dryRun === 'true',
        map: strings(form.map, 'map'),
        ...(plan !== undefined ? { planId: plan } : {}),
      });
      const position = result.result?.lastPosition;
      if (position !== undefined && position !== null) {
        deps.onAppended?.(position);
        c.header('x-position', String(position));
      }
      return c.json(result, 200);
    },
  );
}
