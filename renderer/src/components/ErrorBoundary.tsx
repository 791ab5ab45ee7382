/** Last line of defence: a rendering failure shows a sentence and a way out, never a blank window. */

import { Component, type ReactNode } from 'react';

export class ErrorBoundary extends Component<{ children: ReactNode }, { message: string | null }> {
  override state = { message: null as string | null };

  static getDerivedStateFromError(e: unknown) {
    return { message: e instanceof Error ? e.message : String(e) };
  }

  override render() {
    if (this.state.message === null) return this.props.children;
    return (
      <div className="crash" role="alert">
        <h1>Something went wrong on this screen</h1>
        <p className="muted">The window ran into a problem it could not recover from ({this.state.message}). Your files were not changed.</p>
        <button type="button" className="btn primary" onClick={() => location.reload()}>
          Start again
        </button>
      </div>
    );
  }
}
