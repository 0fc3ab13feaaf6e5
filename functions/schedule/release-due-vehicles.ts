import { MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { DynamoExportsRepository } from '../../shared/adapters/dynamodb/exports-table';
import { DynamoDealerSettingsStore } from '../../shared/adapters/dynamodb/stock-settings';
import { DynamoStockRepository } from '../../shared/adapters/dynamodb/stock-table';
import { systemClock } from '../../shared/adapters/system-clock';
import { releaseDueVehicles } from '../../shared/application/stock/release-due-vehicles';
import { dynamoDocumentClient } from '../../shared/runtime/aws-clients';
import { loadConfig, required } from '../../shared/runtime/config';
import { logger, metrics, observability, portLogger } from '../../shared/runtime/observability';

const config = loadConfig({ STOCK_TABLE_NAME: required, EXPORTS_TABLE_NAME: required });
const documents = dynamoDocumentClient();
const stock = new DynamoStockRepository(documents, config.STOCK_TABLE_NAME);
const deps = {
  due: stock,
  vehicles: stock,
  exports: new DynamoExportsRepository(documents, config.EXPORTS_TABLE_NAME),
  settings: new DynamoDealerSettingsStore(documents, config.STOCK_TABLE_NAME),
  clock: systemClock,
  log: portLogger,
};

/** Every 15 minutes: the vehicles whose dealer's release delay has passed are released. */
export const handler = middy<ScheduledEvent>()
  .use(observability())
  .handler(async () => {
    const tally = await releaseDueVehicles(deps);
    metrics.addMetric('DelayedReleases', MetricUnit.Count, tally.released);
    logger.info('delayed releases', { ...tally });
  });
