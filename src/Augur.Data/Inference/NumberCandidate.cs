using System.Runtime.CompilerServices;

namespace Augur.Data.Inference;

/// <summary>One reading of a column as numbers, under one decimal separator; it dies at the first value that does not parse.</summary>
internal sealed class NumberCandidate(char decimalSeparator)
{
    public char DecimalSeparator { get; } = decimalSeparator;

    public bool Possible { get; set; } = true;

    public bool AllWhole { get; private set; } = true;

    /// <summary>Some value used the decimal separator (or, for a comma reading, any comma at all).</summary>
    public bool SawSeparator { get; private set; }

    public double Min { get; private set; } = double.PositiveInfinity;

    public double Max { get; private set; } = double.NegativeInfinity;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Observe(ReadOnlySpan<char> value)
    {
        if (!Possible)
        {
            return;
        }

        if (!NumberParser.TryParse(value, DecimalSeparator, out var number, out var whole, out _))
        {
            Possible = false;
            return;
        }

        AllWhole &= whole;
        SawSeparator |= value.Contains(DecimalSeparator);
        Min = Math.Min(Min, number);
        Max = Math.Max(Max, number);
    }

    /// <summary>Adds what another reader saw in the rows after this one's (the second half of a split file).</summary>
    public void Merge(NumberCandidate later)
    {
        Possible &= later.Possible;
        AllWhole &= later.AllWhole;
        SawSeparator |= later.SawSeparator;
        Min = Math.Min(Min, later.Min);
        Max = Math.Max(Max, later.Max);
    }
}
