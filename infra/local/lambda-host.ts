import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { functionList, type FunctionKey, type FunctionSpec } from '../topology';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

export interface LambdaHost {
  /** Invokes a function like Lambda would: a fresh context, the function's timeout enforced. */
  invoke(key: FunctionKey, event: unknown): Promise<unknown>;
}

/**
 * Loads every function module of the topology (their module scope is their cold start: config,
 * clients) and invokes their exported `handler`. The modules are the Lambda code unchanged; they
 * reach DynamoDB, SQS and SES through the AWS_ENDPOINT_URL_* variables the caller set.
 */
export async function loadFunctions(rootDir: string): Promise<LambdaHost> {
  const handlers = new Map<FunctionKey, { spec: FunctionSpec; handler: Handler }>();
  for (const spec of functionList) {
    const module = (await import(pathToFileURL(resolve(rootDir, spec.entry)).href)) as { handler?: unknown };
    if (typeof module.handler !== 'function') throw new Error(`${spec.entry} does not export a handler`);
    handlers.set(spec.key, { spec, handler: module.handler as Handler });
  }

  return {
    async invoke(key, event) {
      const loaded = handlers.get(key);
      if (!loaded) throw new Error(`unknown function ${key}`);
      const deadline = Date.now() + loaded.spec.timeoutSeconds * 1000;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`${key} timed out after ${loaded.spec.timeoutSeconds} s`)),
          loaded.spec.timeoutSeconds * 1000,
        );
      });
      try {
        return await Promise.race([
          loaded.handler(event, lambdaContext(key, loaded.spec, deadline)),
          timeout,
        ]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

function lambdaContext(key: FunctionKey, spec: FunctionSpec, deadline: number): Context {
  const requestId = randomUUID();
  const fail = (): never => {
    throw new Error('callback-style completion is not supported');
  };
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: key,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-central-1:000000000000:function:${key}`,
    memoryLimitInMB: String(spec.memoryMb),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${key}`,
    logStreamName: `local/${requestId}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: fail,
    fail,
    succeed: fail,
  };
}
