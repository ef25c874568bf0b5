using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Augur.Learning.Bundles;
using Augur.Platform;

namespace Augur.Web.Models;

/// <summary>
/// Reads the opt-in for reason codes on the predict routes: <c>?explain=true</c> (or 1..20 reasons), or the same as
/// "explain" in the body. Without it nothing is explained, so the usual request pays nothing for the feature.
/// </summary>
public static class Explain
{
    public const int MaxReasons = 20;

    private const string Expected = "Use true, false or a number of reasons from 1 to 20.";

    /// <summary>How many reason codes per row were asked for; 0 for none.</summary>
    /// <exception cref="PlatformValidationException">The value is neither a boolean nor a number from 0 to 20.</exception>
    public static int Reasons(string? query, JsonNode? body)
    {
        if (!string.IsNullOrWhiteSpace(query))
        {
            return Parse(query.Trim(), "explain");
        }

        return body?.GetValueKind() switch
        {
            null or JsonValueKind.Null => 0,
            JsonValueKind.True => ModelBundle.DefaultReasons,
            JsonValueKind.False => 0,
            JsonValueKind.Number or JsonValueKind.String => Parse(body.GetValueKind() == JsonValueKind.String ? body.GetValue<string>() : body.ToJsonString(), "explain"),
            _ => throw new PlatformValidationException("explain", $"'explain' is {body.ToJsonString()}. {Expected}"),
        };
    }

    private static int Parse(string value, string field)
    {
        if (bool.TryParse(value, out var flag))
        {
            return flag ? ModelBundle.DefaultReasons : 0;
        }

        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) && count is >= 0 and <= MaxReasons)
        {
            return count;
        }

        throw new PlatformValidationException(field, $"'explain' is \"{value}\". {Expected}");
    }
}
