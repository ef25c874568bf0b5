using Augur.Learning.Training;

namespace Augur.Learning.Search;

/// <summary>What a tuner learns from one finished trial. Failed and cancelled trials have an infinite loss.</summary>
public sealed record TrialObservation(TrialSettings Settings, TrialStatus Status, double Loss);
