import { exportLabelPng, exportOverlayPng, exportRunJson } from '../exportRun';
import { useAppStore } from '../store';

function report(e: unknown) {
  useAppStore.setState({ message: { kind: 'error', text: `Export failed: ${(e as Error).message}` } });
}

/** Label map PNG, overlay PNG and the run's JSON. */
export function ExportPanel() {
  const ready = useAppStore((s) => s.superpixels !== null);
  return (
    <section className="panel" aria-labelledby="export-h">
      <h2 id="export-h">Export</h2>
      <div className="button-row">
        <button type="button" data-testid="export-labels" disabled={!ready} onClick={() => void exportLabelPng().catch(report)}>
          Labels PNG
        </button>
        <button type="button" data-testid="export-overlay" disabled={!ready} onClick={() => void exportOverlayPng().catch(report)}>
          Overlay PNG
        </button>
        <button
          type="button"
          data-testid="export-json"
          disabled={!ready}
          onClick={() => {
            try {
              exportRunJson();
            } catch (e) {
              report(e);
            }
          }}
        >
          Run JSON
        </button>
      </div>
    </section>
  );
}
