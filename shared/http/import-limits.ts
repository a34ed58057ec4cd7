// Request body limits the app enforces before it loads the route that reads the body.

/** The whole multipart body of POST /v1/import/docx: 4 MiB, so that base64 through API Gateway stays under Lambda's 6 MB payload. */
export const MAX_DOCX_BODY_BYTES = 4 * 1024 * 1024;
