namespace Augur.Learning.Search;

/// <summary>One searched hyperparameter: a range, its default, whether it is sampled on a log scale, and whether it is whole.</summary>
public sealed record ParameterRange(string Name, double Min, double Max, double Default, bool LogScale = false, bool Integer = false)
{
    /// <summary>Maps a point of [0, 1] onto the range (log-uniform where <see cref="LogScale"/>), rounded if whole.</summary>
    public double FromUnit(double unit)
    {
        unit = Math.Clamp(unit, 0, 1);
        var value = LogScale
            ? Math.Exp(Math.Log(Min) + (unit * (Math.Log(Max) - Math.Log(Min))))
            : Min + (unit * (Max - Min));
        return Integer ? Math.Round(value) : value;
    }

    /// <summary>The inverse of <see cref="FromUnit"/>.</summary>
    public double ToUnit(double value)
    {
        value = Math.Clamp(value, Min, Max);
        return LogScale
            ? (Math.Log(value) - Math.Log(Min)) / (Math.Log(Max) - Math.Log(Min))
            : (value - Min) / (Max - Min);
    }
}
