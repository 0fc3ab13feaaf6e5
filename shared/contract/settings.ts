import type { Operation } from './operation';

export const settingsOperations: readonly Operation[] = [];
