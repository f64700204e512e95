// A small change event without `vscode` (the model's subscribers are the tree, the status
// bar, the CodeLenses and the report): `event(listener)` subscribes, the result disposes.
export interface Subscription {
  dispose(): void;
}

export type Listen<T> = (listener: (value: T) => void) => Subscription;

export class Emitter<T> {
  private readonly listeners = new Set<(value: T) => void>();

  /** @param onListenerError told about a listener that threw (the others still run). */
  constructor(private readonly onListenerError: (err: unknown) => void = () => undefined) {}

  readonly event: Listen<T> = (listener) => {
    // A wrapper per subscription: the same function may subscribe twice.
    const wrapped = (value: T): void => listener(value);
    this.listeners.add(wrapped);
    return { dispose: () => void this.listeners.delete(wrapped) };
  };

  fire(value: T): void {
    for (const listener of this.listeners) {
      try {
        listener(value);
      } catch (err) {
        this.onListenerError(err);
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
