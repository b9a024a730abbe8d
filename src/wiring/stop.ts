/** Stops one part of a running role; resolves once it has let go of what it holds. */
export type Stop = () => Promise<void>;
