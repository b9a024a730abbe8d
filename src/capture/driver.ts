/** The capture drivers sysdig can use; `modern-bpf` needs no loader in the sysdig image. */
export const DRIVERS = ['modern-bpf', 'ebpf', 'kmod'] as const;
export type Driver = (typeof DRIVERS)[number];

export function isDriver(value: string): value is Driver {
  return (DRIVERS as readonly string[]).includes(value);
}
