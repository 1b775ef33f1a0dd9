/**
 * "The BFF no longer accepts this session's tokens" (401), raised from the query cache, which lives
 * outside the Logto provider; the auth module listens and ends the session.
 */
type Listener = () => void;

const listeners = new Set<Listener>();

export function onSessionRejected(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function reportSessionRejected(): void {
  for (const listener of listeners) listener();
}
