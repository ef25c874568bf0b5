namespace Augur.Platform.Training;

/// <summary>
/// When and on what a model is trained again. <see cref="DatasetName"/> set: the newest dataset of that name in the
/// project when the schedule fires (a fresh upload of the same export); otherwise the fixed <see cref="DatasetId"/>.
/// </summary>
public sealed record RetrainingSchedule(
    string Model,
    string Cron,
    string Target,
    Guid? DatasetId,
    string? DatasetName,
    TimeSpan Budget,
    int Parallelism,
    DateTimeOffset? NextRunAt,
    DateTimeOffset? LastRunAt);

/// <summary>What a person asks for. Null fields are taken from the model's latest trained version.</summary>
public sealed record ScheduleRetrainingRequest(string Cron, Guid? DatasetId = null, bool LatestDataset = true, string? Target = null, TimeSpan? Budget = null, int? Parallelism = null);
