using System.Text.RegularExpressions;

namespace Augur.Platform.Models;

/// <summary>
/// Rules for model names, alias names and tags. Names appear in URLs, so they are short slugs; an alias may not
/// look like a version number ("3", "v3", "latest"), so a version selector is never ambiguous.
/// </summary>
public static partial class ModelNames
{
    public const int MaxLength = 100;

    public static string Validate(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxLength || !Slug().IsMatch(name))
        {
            throw new PlatformValidationException("name", $"'{name}' cannot be a model name: use letters, digits, '-', '_' or '.', at most {MaxLength} characters.");
        }

        return name;
    }

    public static string ValidateAlias(string alias)
    {
        var name = (alias ?? "").Trim().ToLowerInvariant();
        if (name.Length is 0 or > 50 || !Slug().IsMatch(name) || VersionSelector.LooksLikeVersion(name))
        {
            throw new PlatformValidationException("alias", $"'{alias}' cannot be an alias: use a word such as 'champion' or 'challenger' (letters, digits, '-', '_'), not a version number or 'latest'.");
        }

        return name;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    private static partial Regex Slug();
}

/// <summary>Tags are free key/value pairs, bounded so that nobody stores a dataset in them.</summary>
public static class ModelTags
{
    public const int MaxTags = 50;

    public static Dictionary<string, string> Validate(IReadOnlyDictionary<string, string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        if (tags.Count > MaxTags)
        {
            throw new PlatformValidationException("tags", $"A model or version can have at most {MaxTags} tags.");
        }

        foreach (var (key, value) in tags)
        {
            if (string.IsNullOrWhiteSpace(key) || key.Length > 100)
            {
                throw new PlatformValidationException("tags", $"Tag names must be 1-100 characters; '{key}' is not.");
            }

            if ((value ?? "").Length > 1000)
            {
                throw new PlatformValidationException($"tags.{key}", "A tag's value can be at most 1,000 characters.");
            }
        }

        return tags.ToDictionary(t => t.Key.Trim(), t => t.Value ?? "", StringComparer.Ordinal);
    }
}
