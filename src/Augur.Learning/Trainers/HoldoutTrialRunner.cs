using Augur.Learning.Features;
using Augur.Learning.Search;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Augur.Learning.Trainers;

/// <summary>
/// Runs a trial in process: fits features plus trainer on the training part and evaluates on the holdout.
/// Each trial gets its own seeded MLContext, because cancelling a context (through the token) ends it for good.
/// </summary>
internal sealed class HoldoutTrialRunner(TrainingSet data, int seed) : ITrialRunner
{
    // WaitAsync returns as soon as the token fires even if ML.NET only notices the cancellation later
    // (CancelExecution is best effort; see MlCancellation), so a cancelled run never waits for a long fit.
    public Task<TrialRun> RunAsync(TrialSettings settings, CancellationToken cancellationToken) =>
        System.Threading.Tasks.Task.Run(() => Run(settings, cancellationToken), cancellationToken).WaitAsync(cancellationToken);

    /// <summary>Fits the settings on all rows, for the bundle.</summary>
    public Task<(MLContext Context, ITransformer Model)> RefitAsync(TrialSettings settings, CancellationToken cancellationToken) =>
        System.Threading.Tasks.Task.Run(() =>
        {
            var ml = new MLContext(seed);
            using var registration = MlCancellation.Register(ml, cancellationToken);
            var model = Pipeline(ml, settings).Fit(data.Load(ml, data.All));
            cancellationToken.ThrowIfCancellationRequested();
            return (ml, (ITransformer)model);
        }, cancellationToken).WaitAsync(cancellationToken);

    private TrialRun Run(TrialSettings settings, CancellationToken cancellationToken)
    {
        var ml = new MLContext(seed);
        using var registration = MlCancellation.Register(ml, cancellationToken);
        var model = Pipeline(ml, settings).Fit(data.Load(ml, data.Train));
        cancellationToken.ThrowIfCancellationRequested();
        var metrics = Evaluator.Evaluate(ml, data.Task, model.Transform(data.Load(ml, data.Validation)));
        return new TrialRun(metrics, Evaluator.Loss(data.Task, metrics), model);
    }

    private EstimatorChain<ITransformer> Pipeline(MLContext ml, TrialSettings settings) =>
        FeaturePipeline.Build(ml, data.Plan).Append(TrainerCatalog.Create(ml, data.Task, settings, seed));
}
