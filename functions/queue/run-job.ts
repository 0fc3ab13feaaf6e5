import { SqsFifoPartialProcessorAsync, processPartialResponse } from '@aws-lambda-powertools/batch';
import middy from '@middy/core';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { runJob } from '../../shared/application/run-job';
import { DynamoExportsRepository } from '../../shared/adapters/dynamodb/exports-table';
import { systemClock } from '../../shared/adapters/system-clock';
import { JobMessageSchema } from '../../shared/domain/job';
import { dynamoDocumentClient } from '../../shared/runtime/aws-clients';
import { loadConfig, required } from '../../shared/runtime/config';
import { logger, metrics, observability, portLogger } from '../../shared/runtime/observability';
import { MetricUnit } from '@aws-lambda-powertools/metrics';

const config = loadConfig({ EXPORTS_TABLE_NAME: required });
const deps = {
  jobs: new DynamoExportsRepository(dynamoDocumentClient(), config.EXPORTS_TABLE_NAME),
  // Runners (match, full transfer, feed) register here as their issues land.
  runners: {},
  clock: systemClock,
  log: portLogger,
};
const processor = new SqsFifoPartialProcessorAsync();

async function handleRecord(record: SQSRecord): Promise<void> {
  const message = JobMessageSchema.parse(JSON.parse(record.body));
  const job = await runJob(message, deps);
  if (job) metrics.addMetric(job.state === 'done' ? 'JobsDone' : 'JobsFailed', MetricUnit.Count, 1);
  logger.info('job finished', { exportId: message.exportId, jobId: message.jobId, state: job?.state });
}

/** Jobs worker: one job per message, progress stored on the job. */
export const handler = middy<SQSEvent>()
  .use(observability())
  .handler((event, context) =>
    processPartialResponse(event, handleRecord, processor, { context, skipGroupOnError: true }),
  );
