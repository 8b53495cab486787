import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { TransportProvider } from './api.js';
import { App } from './App.js';
import { initI18n } from './i18n/index.js';
import './styles.css';
import { createTransport } from './transport.js';

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false }, mutations: { retry: false } },
});

await initI18n();
const transport = createTransport();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <TransportProvider transport={transport}>
        <App />
      </TransportProvider>
    </QueryClientProvider>
  </StrictMode>,
);
