using Augur.Learning.Search;
using Augur.Learning.Training;

namespace Augur.Platform.Training;

/// <summary>What `augur trial --request FILE` reads: the run's request (its data is the job's decrypted scratch copy) and the one setting to try.</summary>
/// <param name="KeepModels">Whether the child writes its models beside its result for the worker (always, unless a study's worker was given nowhere to store them).</param>
public sealed record TrialRequestFile(TrainingRequest Request, TrialSettings Settings, bool KeepModels = false);
