using Augur.Recommend.Data;

namespace Augur.Recommend.Tests;

/// <summary>Tiny interaction logs written out in the tests' own words.</summary>
public static class Some
{
    /// <summary>"u1:a,b u2:a,b,c" → a log with weight 1 and time 0 for every pair.</summary>
    public static InteractionLog Log(string text)
    {
        var log = new InteractionLog();
        foreach (var user in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = user.Split(':');
            foreach (var item in parts[1].Split(','))
            {
                log.Add(parts[0], item);
            }
        }

        return log;
    }

    public static InteractionMatrix Matrix(string text) => InteractionMatrix.Build(Log(text));

    public static string[] Ids(InteractionMatrix matrix, IEnumerable<Models.ScoredItem> items) =>
        [.. items.Select(i => matrix.Items.Ids[i.Item])];
}
