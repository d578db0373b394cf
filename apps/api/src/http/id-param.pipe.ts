import type { PipeTransform } from '@nestjs/common';
import { notFound } from '#domain';

/** A path id: a positive integer, else 404 `{"detail": "Not found."}` (not a 400: it names no resource). */
export class IdParamPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (!/^[1-9][0-9]{0,14}$/.test(value)) throw notFound();
    return Number(value);
  }
}
