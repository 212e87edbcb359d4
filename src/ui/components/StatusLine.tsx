import { useAppStore } from '../store';

/** Which TensorFlow.js backend runs, and why faster ones were skipped. */
export function StatusLine() {
  const backend = useAppStore((s) => s.backend);
  const backendError = useAppStore((s) => s.backendError);
  let text: string;
  if (backendError) text = backendError;
  else if (!backend) text = 'Starting TensorFlow.js…';
  else if (backend.name === 'webgpu') text = 'Backend: webgpu';
  else text = `Backend: ${backend.name} — ${backend.reasons.join('; ')}`;
  return (
    <p
      className={`status-line ${backend && backend.name !== 'webgpu' ? 'warn' : ''}`}
      data-testid="backend-status"
      data-backend={backend?.name ?? ''}
    >
      {text}
    </p>
  );
}
