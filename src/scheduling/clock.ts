import { Injectable } from '@nestjs/common';

/** The scheduler's notion of "now"; tests swap in a fake through DI to travel in time. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
