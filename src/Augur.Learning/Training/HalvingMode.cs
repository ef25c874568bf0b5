namespace Augur.Learning.Training;

/// <summary>Whether a run screens new configurations on subsamples first (successive halving on data size).</summary>
public enum HalvingMode
{
    /// <summary>On when the data has at least <see cref="Search.SuccessiveHalving.AutoMinimumRows"/> rows.</summary>
    Auto,
    On,
    Off,
}
