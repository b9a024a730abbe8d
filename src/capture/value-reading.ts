/** A value read from the command text, or one sentence on why it cannot be used. */
export type ValueReading<T> = { readonly value: T } | { readonly problem: string };
