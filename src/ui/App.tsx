import { useEffect } from 'react';
import { Announcer } from './components/Announcer';
import { ExportPanel } from './components/ExportPanel';
import { HelpPanel } from './components/HelpPanel';
import { LossChart } from './components/LossChart';
import { MessageBar } from './components/MessageBar';
import { ParamsPanel } from './components/ParamsPanel';
import { PipelineStatus } from './components/PipelineStatus';
import { RunControls } from './components/RunControls';
import { SourcePanel } from './components/SourcePanel';
import { Stage } from './components/Stage';
import { StatusLine } from './components/StatusLine';
import { ViewTabs } from './components/ViewTabs';
import { startApp } from './startApp';
import { useAppStore } from './store';
import { useFileDrop } from './useFileDrop';
import { useShortcuts } from './useShortcuts';

export function App() {
  const dragging = useFileDrop();
  const largeType = useAppStore((s) => s.largeType);
  useShortcuts();
  useEffect(() => {
    void startApp();
  }, []);
  return (
    <div className={`app ${dragging ? 'dragging' : ''} ${largeType ? 'large-type' : ''}`}>
      <header className="app-header">
        <h1>
          Deep Superpixel Cut <span className="subtitle">unsupervised image segmentation, in your browser</span>
        </h1>
        <StatusLine />
        <div className="header-buttons">
          <button
            type="button"
            aria-pressed={largeType}
            aria-keyshortcuts="L"
            onClick={() => useAppStore.setState({ largeType: !largeType })}
          >
            Large type
          </button>
          <button type="button" aria-keyshortcuts="?" onClick={() => useAppStore.setState((s) => ({ helpOpen: !s.helpOpen }))}>
            Help
          </button>
        </div>
      </header>
      <main className="app-main">
        <div className="workspace">
          <ViewTabs />
          <Stage />
          <LossChart />
        </div>
        <aside className="sidebar" aria-label="Controls">
          <SourcePanel />
          <RunControls />
          <PipelineStatus />
          <ParamsPanel />
          <ExportPanel />
        </aside>
      </main>
      <HelpPanel />
      <MessageBar />
      <Announcer />
      {dragging && (
        <div className="drop-hint" aria-hidden="true">
          Drop the image to segment it
        </div>
      )}
      <footer className="app-footer">
        Images never leave this machine. Samples: BSDS500 (Arbelaez et al., TPAMI 2011). Method: Lin, Zhong and Lu,
        Deep Superpixel Cut for Unsupervised Image Segmentation (ICPR 2020).
      </footer>
    </div>
  );
}
