import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { createQueryClient } from './app/queryClient';
import { createRouter } from './app/routes';
import { ThemeProvider } from './app/ThemeContext';
import { applyInitialTheme } from './app/useTheme';
import './styles/tokens.css';
import './styles/base.css';
import './styles/shell.css';

applyInitialTheme();

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={createQueryClient()}>
        <ThemeProvider>
          <RouterProvider router={createRouter()} />
        </ThemeProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
