namespace Augur.Platform.Monitoring;

/// <summary>
/// A model version measured on a dataset whose outcomes are known (newer customers, who by now did or did not churn),
/// against how well it did on the rows held back in training. Kept, so a model's checks read as its history.
/// </summary>
public sealed class AccuracyCheck
{
    public Guid Id { get; private set; } = Guid.NewGuid();

    public Guid ProjectId { get; private set; }

    public string ModelName { get; private set; } = "";

    public Guid ModelVersionId { get; private set; }

    public int Version { get; private set; }

    /// <summary>The dataset it was measured on (kept as a name too: the dataset may be deleted later).</summary>
    public Guid DatasetId { get; private set; }

    public string DatasetName { get; private set; } = "";

    /// <summary>Rows scored against their outcome.</summary>
    public int Rows { get; private set; }

    /// <summary>Rows left out: no outcome, a class never seen in training, or an input the model could not read.</summary>
    public int LeftOut { get; private set; }

    /// <summary>The measure compared: the one the version was ranked by in training.</summary>
    public string Metric { get; private set; } = "";

    public double Value { get; private set; }

    /// <summary>The measure on the rows held back in training.</summary>
    public double TrainedValue { get; private set; }

    /// <summary>Every measure on these rows (JSON).</summary>
    public string MetricsJson { get; private set; } = "{}";

    public AccuracyVerdict Verdict { get; private set; }

    public DateTime CheckedAt { get; private set; }

    public Guid CheckedBy { get; private set; }

    private AccuracyCheck() { }

    public static AccuracyCheck Record(Guid projectId, string modelName, Guid versionId, int version, Guid datasetId, string datasetName,
        int rows, int leftOut, string metric, double value, double trainedValue, string metricsJson, AccuracyVerdict verdict, Guid checkedBy, DateTime now) => new()
    {
        ProjectId = projectId,
        ModelName = modelName,
        ModelVersionId = versionId,
        Version = version,
        DatasetId = datasetId,
        DatasetName = datasetName,
        Rows = rows,
        LeftOut = leftOut,
        Metric = metric,
        Value = value,
        TrainedValue = trainedValue,
        MetricsJson = metricsJson,
        Verdict = verdict,
        CheckedBy = checkedBy,
        CheckedAt = now,
    };
}

/// <summary>How a model did on data with known outcomes, compared with training.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Augur.Data.Schema.CamelCaseEnumConverter<AccuracyVerdict>))]
public enum AccuracyVerdict
{
    /// <summary>Better than in training by more than the tolerance.</summary>
    Better,

    /// <summary>Within 5 % of training.</summary>
    AsGood,

    /// <summary>Worse by 5 to 15 %.</summary>
    LittleWorse,

    /// <summary>Worse by more than 15 %: time to retrain.</summary>
    MuchWorse,
}
