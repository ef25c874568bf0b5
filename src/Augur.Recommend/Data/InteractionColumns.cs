namespace Augur.Recommend.Data;

/// <summary>
/// Which columns of an event log hold the user, the item, and optionally the time, a weight (or rating) and the
/// event type. When <see cref="EventType"/> is set, each row's weight is multiplied by the event type's weight
/// (<see cref="EventWeights"/>, 1 for types it does not name).
/// </summary>
public sealed record InteractionColumns(string User, string Item)
{
    public string? Time { get; init; }

    public string? Weight { get; init; }

    public string? EventType { get; init; }

    public IReadOnlyDictionary<string, float> EventWeights { get; init; } = DefaultEventWeights;

    /// <summary>A purchase says more than a cart, and a cart more than a view.</summary>
    public static IReadOnlyDictionary<string, float> DefaultEventWeights { get; } =
        new Dictionary<string, float>(StringComparer.OrdinalIgnoreCase) { ["view"] = 1f, ["cart"] = 3f, ["purchase"] = 5f };

    /// <summary>The export shape of the online store: <c>user_id, ecom.nm, utc_event_time, event_type</c>.</summary>
    public static InteractionColumns StoreEvents { get; } = new("user_id", "ecom.nm") { Time = "utc_event_time", EventType = "event_type" };

    /// <summary>Parses <c>view=1,cart=3,purchase=5</c>.</summary>
    public static IReadOnlyDictionary<string, float> ParseEventWeights(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var weights = new Dictionary<string, float>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pieces.Length != 2 || !float.TryParse(pieces[1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var weight) || weight < 0)
            {
                throw new FormatException($"event weight '{part}' is not TYPE=NUMBER (for example purchase=5).");
            }

            weights[pieces[0]] = weight;
        }

        return weights;
    }
}
