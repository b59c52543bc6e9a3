import { Component, Fragment, type ReactNode } from 'react';
import './view-boundary.css';

interface Props {
  /** What the view is, for the message: "training panel", "canvas". */
  name: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
  /** Bumped by "Try again": the view is mounted afresh. */
  attempt: number;
}

/**
 * Keeps a render error in one view from blanking the app: the view is replaced by what failed (the error
 * message) and a "Try again" button that mounts it afresh; every other view keeps working. The design lives
 * in the store (and IndexedDB), not in the view, so nothing is lost.
 */
export class ViewBoundary extends Component<Props, State> {
  override state: State = { error: null, attempt: 0 };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  private retry = (): void => {
    this.setState((s) => ({ error: null, attempt: s.attempt + 1 }));
  };

  override render(): ReactNode {
    const { error, attempt } = this.state;
    const { name, children } = this.props;
    if (!error) return <Fragment key={attempt}>{children}</Fragment>;
    return (
      <div className="view-error" role="alert" data-testid="view-error" data-view={name}>
        <p className="view-error__title">The {name} could not be shown.</p>
        <p className="view-error__message" data-testid="view-error-message">
          {error.name && error.name !== 'Error' ? `${error.name}: ` : ''}
          {error.message || 'no error message'}
        </p>
        <p className="view-error__hint">Your design is safe and the rest of the app keeps working.</p>
        <button type="button" className="view-error__retry" onClick={this.retry} data-testid="view-error-retry">
          Try again
        </button>
      </div>
    );
  }
}
