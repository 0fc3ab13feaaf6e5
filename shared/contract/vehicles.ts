import type { Operation } from './operation';

export const vehicleOperations: readonly Operation[] = [];
