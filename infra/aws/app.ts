import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readAppConfig } from './constructs/app-config';
import { addVehicleExportStacks } from './constructs/vehicle-export-stacks';

const app = new App();
// cdk-nag 3 is a policy-validation plugin: any unacknowledged finding fails `cdk synth`.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
addVehicleExportStacks(app, readAppConfig(app.node));
