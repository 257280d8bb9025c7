/**
 * Drive's "upload media" (drive-v1/media/upload_all), as far as calendar
 * attachments need it (events.md §2.9). Its own encapsulated plugin: the
 * multipart parser and Drive's parameter code stay out of the calendar routes.
 */
import multipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../../../core/errors.js';
import { driveParams, UPLOAD_ALL_LIMIT, type MediaUpload } from '../../../core/files/media-service.js';
import { SCOPES } from '../../../core/tenancy/scopes.js';
import { caller, type OpenApiDeps } from '../context.js';
import { success } from '../envelope.js';
import { Ok } from '../schemas/common.js';

const UPLOAD_ALL = '/drive/v1/medias/upload_all';
const BOTH = ['tenant', 'user'] as const;
const TEXT_FIELDS = ['file_name', 'parent_type', 'parent_node', 'size', 'checksum', 'extra'] as const;
type TextField = (typeof TEXT_FIELDS)[number];

export async function drivePlugin(app: FastifyInstance, deps: OpenApiDeps): Promise<void> {
  // One file of at most 20 MB, a few short fields; anything past that is refused, not truncated.
  await app.register(multipart, { limits: { fileSize: UPLOAD_ALL_LIMIT, files: 1, fields: 16, fieldSize: 64 * 1024, parts: 24 } });

  // Malformed requests answer Drive's 1061002, not the calendar's 190002; the
  // rendering itself stays with the Open API plugin's handler, which gets what this one throws.
  app.setErrorHandler((error: FastifyError | DomainError) => {
    if (error instanceof DomainError) throw error;
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) throw driveParams('(request)', error.message);
    throw error;
  });

  app.post(UPLOAD_ALL, {
    // upload_all's 权限要求; Drive asks for no bot.
    config: { auth: { tokens: BOTH, scopes: SCOPES.mediaUpload, bot: false } },
    schema: { response: { 200: Ok(Type.Object({ file_token: Type.String() })) } },
  }, async (request) => {
    const upload = await readUpload(request);
    return success({ file_token: await deps.media.upload(caller(request).identity, upload) });
  });
}

/**
 * The form as the SDK sends it: text fields, then `file` as an
 * application/octet-stream part without a filename (axios + form-data), which
 * is why `file` is a file by its field name rather than by its filename.
 */
async function readUpload(request: FastifyRequest): Promise<MediaUpload> {
  if (!request.isMultipart()) throw driveParams('(body)', 'the body must be multipart/form-data');
  const fields = new Map<TextField, string>();
  let content: Buffer | undefined;
  try {
    for await (const part of request.parts({ isPartAFile: (name) => name === 'file' })) {
      if (part.type === 'file') {
        content = await part.toBuffer();
        continue;
      }
      const name = part.fieldname as TextField;
      if (!TEXT_FIELDS.includes(name)) continue;
      if (fields.has(name)) throw driveParams(name, 'sent more than once');
      if (part.valueTruncated) throw driveParams(name, 'too long');
      fields.set(name, String(part.value));
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    if ((error as FastifyError).code === 'FST_REQ_FILE_TOO_LARGE') throw new DomainError('limit:file_size');
    throw driveParams('(body)', (error as Error).message);
  }
  const required = (name: TextField): string => {
    const value = fields.get(name);
    if (value === undefined) throw driveParams(name, `${name} is required`);
    return value;
  };
  const fileName = required('file_name');
  const parentType = required('parent_type');
  const parentNode = required('parent_node');
  const size = required('size');
  if (!/^\d{1,15}$/.test(size)) throw driveParams('size', 'size must be a whole number of bytes', size);
  if (!content) throw driveParams('file', 'file is required');
  const checksum = fields.get('checksum');
  return { fileName, parentType, parentNode, size: Number(size), content, ...(checksum !== undefined && { checksum }) };
}
