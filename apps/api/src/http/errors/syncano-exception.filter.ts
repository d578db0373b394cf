import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError, type DomainErrorKind, type FieldError } from '#domain';
import { errorBody } from './error-body.js';
import { HttpProblem } from './http-problem.js';

const STATUS_OF_KIND: Record<DomainErrorKind, number> = {
  invalid: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition: 412,
};

interface Answer {
  readonly status: number;
  readonly errors: readonly FieldError[];
  readonly headers?: Readonly<Record<string, string>>;
}

const detail = (status: number, code: string, message: string): Answer => ({
  status,
  errors: [{ field: 'detail', code, message }],
});

/**
 * The one place errors become HTTP: domain errors, the edge's own problems, Fastify's body errors
 * and Nest's routing errors all answer in Syncano's shape with `X-Error-Codes`. Anything else is
 * a bug: logged with its stack, answered 500 without internals.
 */
@Catch()
export class SyncanoExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('SyncanoExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const answer = this.answerFor(exception);
    const { body, codes } = errorBody(answer.errors);
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    reply.headers({ ...answer.headers, 'X-Error-Codes': codes });
    reply.status(answer.status).send(body);
  }

  private answerFor(exception: unknown): Answer {
    if (exception instanceof DomainError)
      return { status: STATUS_OF_KIND[exception.kind], errors: exception.errors };
    if (exception instanceof HttpProblem) return exception;
    const fastifyCode = fastifyErrorCode(exception);
    if (fastifyCode === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return detail(413, 'request.body.too_large', 'Request body is too large.');
    }
    if (typeof fastifyCode === 'string' && fastifyCode.startsWith('FST_ERR_CTP_')) {
      return detail(400, 'request.body.invalid', 'JSON parse error - the request body is not valid JSON.');
    }
    if (exception instanceof HttpException && exception.getStatus() === 404) {
      return detail(404, 'resource.not_found', 'Not found.');
    }
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      return detail(exception.getStatus(), 'request.invalid', exception.message);
    }
    const description =
      exception instanceof Error ? (exception.stack ?? exception.message) : String(exception);
    this.logger.error(description);
    return detail(500, 'server.error', 'Internal server error.');
  }
}

/** Fastify's error code (`FST_ERR_…`), also when Nest wrapped the error in an HttpException. */
function fastifyErrorCode(exception: unknown): unknown {
  const error = exception as { code?: unknown; cause?: { code?: unknown } } | null;
  return error?.code ?? error?.cause?.code;
}
