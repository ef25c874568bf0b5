namespace Augur.Web.Components.Projects;

/// <summary>
/// Reads the Train form's "extra columns" box: one "name = formula" per line, blank lines ignored. The name ends at the
/// first '=' (a formula may hold "==" or "!="). What the formula means is checked by the server, which names the problem.
/// </summary>
public static class FormulaLines
{
    /// <returns>The features in the order written, or a message that names the line at fault.</returns>
    public static (Dictionary<string, string>? Features, string? Error) Parse(string? text)
    {
        var features = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = (text ?? "").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var split = line.IndexOf('=', StringComparison.Ordinal);
            var name = split < 0 ? "" : line[..split].Trim();
            var formula = split < 0 ? "" : line[(split + 1)..].Trim();
            if (name.Length == 0 || formula.Length == 0)
            {
                return (null, $"Line {i + 1} should look like: name = formula (for example: price_per_item = price / quantity).");
            }

            if (!features.TryAdd(name, formula))
            {
                return (null, $"Line {i + 1}: the name '{name}' is used twice. Give each new column its own name.");
            }
        }

        return (features, null);
    }
}
