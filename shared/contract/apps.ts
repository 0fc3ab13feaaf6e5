import type { Operation } from './operation';

export const appOperations: readonly Operation[] = [];
