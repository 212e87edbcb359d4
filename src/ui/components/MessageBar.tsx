import { useAppStore } from '../store';

/** Errors and notes about the last input; announced to screen readers. */
export function MessageBar() {
  const message = useAppStore((s) => s.message);
  return (
    <div className="message-region" aria-live="polite" role="status">
      {message && (
        <p className={`message ${message.kind}`} data-testid="message" data-kind={message.kind}>
          {message.text}
          <button
            type="button"
            className="link"
            aria-label="Dismiss message"
            onClick={() => useAppStore.setState({ message: null })}
          >
            ×
          </button>
        </p>
      )}
    </div>
  );
}
