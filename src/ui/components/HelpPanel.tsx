import { SHORTCUTS } from '../explanations';
import { useAppStore } from '../store';

/** Keyboard shortcuts and how to use the page. */
export function HelpPanel() {
  const open = useAppStore((s) => s.helpOpen);
  if (!open) return null;
  return (
    <div className="help" role="dialog" aria-modal="false" aria-labelledby="help-title" data-testid="help">
      <h2 id="help-title">Keyboard shortcuts</h2>
      <table>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.keys}>
              <th scope="row">
                <kbd>{s.keys}</kbd>
              </th>
              <td>{s.action}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        Drop an image anywhere on the page. Changing a parameter reruns only the stages it affects: β, for
        example, restarts DSC but keeps the superpixels. Links carry the parameters and the sample.
      </p>
      <button type="button" onClick={() => useAppStore.setState({ helpOpen: false })}>
        Close
      </button>
    </div>
  );
}
