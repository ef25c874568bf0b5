using System.Globalization;

namespace Augur.Platform.Models;

/// <summary>
/// Which version a request means: "latest" (or nothing), a number ("3" or "v3"), or an alias ("champion").
/// Every place that takes a version (predict, deploy, score, export) accepts the same forms.
/// </summary>
public sealed record VersionSelector
{
    public static readonly VersionSelector Latest = new();

    public int? Number { get; private init; }

    public string? Alias { get; private init; }

    public bool IsLatest => Number is null && Alias is null;

    public static VersionSelector Parse(string? text)
    {
        var value = (text ?? "").Trim();
        if (value.Length == 0 || value.Equals("latest", StringComparison.OrdinalIgnoreCase))
        {
            return Latest;
        }

        if (TryNumber(value, out var number))
        {
            return new VersionSelector { Number = number };
        }

        return new VersionSelector { Alias = value.ToLowerInvariant() };
    }

    public static VersionSelector OfNumber(int number) => new() { Number = number };

    internal static bool LooksLikeVersion(string value) =>
        value.Equals("latest", StringComparison.OrdinalIgnoreCase) || TryNumber(value, out _);

    private static bool TryNumber(string value, out int number)
    {
        var digits = value.StartsWith('v') || value.StartsWith('V') ? value[1..] : value;
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out number) && number > 0;
    }

    public override string ToString() => Number is { } n ? $"v{n}" : Alias ?? "latest";
}
