/**
 * What `praxi predict` does once its flags are read, shared by the oclif command
 * (src/commands/predict.ts) and the fast path without oclif (fast-predict.ts): predict, set the
 * contract's exit code for failed inputs, and render the result.
 */
import {ExitCode, PraxiError} from '../errors.js';
import {predict, type PredictFlowOptions, type PredictResult} from '../flow/predict.js';
import {renderPredictions, type PredictionFormat} from '../report/formats.js';
import {reportError} from '../report-error.js';

export async function runPredict(
  inputs: readonly string[],
  options: Omit<PredictFlowOptions, 'onError'> & {model: string},
  format: PredictionFormat,
): Promise<{result: PredictResult; text: string}> {
  const result = await predict(inputs, {...options, onError: (err) => reportError(err)});
  if (result.predictions.length === 0 && result.errors.length > 0) process.exitCode = ExitCode.nothingProcessed;
  else if (result.errors.length > 0) process.exitCode = ExitCode.someInputsFailed;
  if (result.predictions.length === 0 && result.errors.length === 0) throw new PraxiError('no changesets found in the inputs', 'NOTHING_TO_PROCESS');
  return {result, text: await renderPredictions(result, format)};
}
