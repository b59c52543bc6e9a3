import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { bootstrap } from './state/bootstrap';
import { App } from './ui/App';
import { consumeShareHash } from './ui/files/share-link';

const root = document.getElementById('root');
if (!root) throw new Error('Sora Designer: #root element missing from index.html');
// Persistence, cross-tab sync and the debug handle start here, not as import side effects or from a view.
void bootstrap({ afterLoad: consumeShareHash });
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
