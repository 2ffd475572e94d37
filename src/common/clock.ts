import { Injectable } from '@nestjs/common';

/** "Now", for the scheduler, the alerts and the listing cache; tests swap in a fake through DI to travel in time. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
