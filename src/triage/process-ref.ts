/** A process as the trace names it, with its container and pod when sysdig knew them. */
export interface ProcessRef {
  readonly pid: number;
  readonly name: string;
  readonly container?: string;
  readonly pod?: string;
  readonly namespace?: string;
}
