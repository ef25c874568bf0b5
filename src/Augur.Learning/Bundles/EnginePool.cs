using System.Collections.Concurrent;
using Augur.Learning.Features;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Augur.Learning.Bundles;

/// <summary>
/// PredictionEngine is not thread-safe and costly to create, so each thread rents one from this pool and returns it.
/// The pool grows to the peak number of concurrent callers and no further.
/// </summary>
internal sealed class EnginePool<TOutput>(MLContext ml, ITransformer model, SchemaDefinition input) : IDisposable
    where TOutput : class, new()
{
    private readonly ConcurrentBag<PredictionEngine<FeatureRow, TOutput>> _idle = [];

    // MLContext is not documented as thread-safe; creation is rare, so it is simply serialised.
    private readonly Lock _creating = new();

    public TOutput Predict(FeatureRow row)
    {
        if (!_idle.TryTake(out var engine))
        {
            lock (_creating)
            {
                engine = ml.Model.CreatePredictionEngine<FeatureRow, TOutput>(model, ignoreMissingColumns: true, inputSchemaDefinition: input);
            }
        }

        try
        {
            // A fresh output object per call: the caller keeps it after the engine goes back to the pool.
            var output = new TOutput();
            engine.Predict(row, ref output);
            return output;
        }
        finally
        {
            _idle.Add(engine);
        }
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var engine))
        {
            engine.Dispose();
        }
    }
}
