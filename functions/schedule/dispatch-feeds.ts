import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { dispatchFeeds } from '../../shared/application/dispatch-feeds';
import { DynamoExportsRepository } from '../../shared/adapters/dynamodb/exports-table';
import { SqsJobQueue } from '../../shared/adapters/sqs/sync-queue';
import { systemClock } from '../../shared/adapters/system-clock';
import { dynamoDocumentClient, sqsClient } from '../../shared/runtime/aws-clients';
import { loadConfig, required } from '../../shared/runtime/config';
import { logger, metrics, observability, portLogger } from '../../shared/runtime/observability';
import { MetricUnit } from '@aws-lambda-powertools/metrics';

const config = loadConfig({ EXPORTS_TABLE_NAME: required, JOBS_QUEUE_URL: required });
const exportsRepository = new DynamoExportsRepository(dynamoDocumentClient(), config.EXPORTS_TABLE_NAME);
const deps = {
  exports: exportsRepository,
  jobs: exportsRepository,
  jobQueue: new SqsJobQueue(sqsClient(), config.JOBS_QUEUE_URL),
  clock: systemClock,
  log: portLogger,
};

/** Every minute: one feed job per feed export that is due. */
export const handler = middy<ScheduledEvent>()
  .use(observability())
  .handler(async () => {
    const dispatched = await dispatchFeeds(deps);
    metrics.addMetric('FeedsDispatched', MetricUnit.Count, dispatched);
    logger.info('feeds dispatched', { dispatched });
  });
