/** The JSON-like subset of XState state config the compiler produces. */
export interface ActionRef {
  readonly type: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

export interface TransitionConfig {
  readonly target?: string;
  readonly guard?: ActionRef;
  readonly actions?: ActionRef | readonly ActionRef[];
  readonly reenter?: boolean;
}

export interface StateConfig {
  readonly id?: string;
  readonly type?: 'parallel' | 'final';
  readonly initial?: string;
  readonly entry?: ActionRef | readonly ActionRef[];
  readonly exit?: ActionRef | readonly ActionRef[];
  readonly on?: Readonly<Record<string, TransitionConfig | readonly TransitionConfig[]>>;
  readonly always?: TransitionConfig | readonly TransitionConfig[];
  readonly states?: Readonly<Record<string, StateConfig>>;
}
