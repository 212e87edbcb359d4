import { useEffect } from 'react';
import { ImageInfo } from './components/ImageInfo';
import { MessageBar } from './components/MessageBar';
import { SourcePanel } from './components/SourcePanel';
import { Stage } from './components/Stage';
import { StatusLine } from './components/StatusLine';
import { startApp } from './startApp';
import { useFileDrop } from './useFileDrop';

export function App() {
  const dragging = useFileDrop();
  useEffect(() => {
    void startApp();
  }, []);
  return (
    <div className={`app ${dragging ? 'dragging' : ''}`}>
      <header className="app-header">
        <h1>
          Deep Superpixel Cut <span className="subtitle">unsupervised image segmentation, in your browser</span>
        </h1>
        <StatusLine />
      </header>
      <main className="app-main">
        <Stage />
        <aside className="sidebar" aria-label="Controls">
          <SourcePanel />
          <ImageInfo />
        </aside>
      </main>
      <MessageBar />
      {dragging && (
        <div className="drop-hint" aria-hidden="true">
          Drop the image to segment it
        </div>
      )}
      <footer className="app-footer">
        Images never leave this machine. Samples: BSDS500 (Arbelaez et al., TPAMI 2011). Method: Deep
        Superpixel Cut for Unsupervised Image Segmentation (ICPR 2020).
      </footer>
    </div>
  );
}
