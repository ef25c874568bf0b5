using System.Globalization;
using Augur.Platform.Deployments;

namespace Augur.Platform.Monitoring;

/// <summary>What is compared with a model's training data, and how the verdict is said for it: an endpoint's logged predictions, or a file scored in batch.</summary>
internal sealed record DriftSource(Guid ProjectId, string Name, string Model, bool IsFile, string WindowWords, double LogSampleRate, bool Capped = false)
{
    public static DriftSource Endpoint(Deployment deployment, string window, double logSampleRate) =>
        new(deployment.ProjectId, deployment.Name, deployment.ModelName, false, window, logSampleRate);

    /// <param name="capped">Whether only the file's first rows were read (it has more than a check reads).</param>
    public static DriftSource File(Guid projectId, string model, string fileName, bool capped) => new(projectId, fileName, model, true, "", 1, capped);

    /// <summary>What a file's verdict is about: the file, or its first rows when only those were read (a sorted file's first rows may differ from the rest).</summary>
    private string Rows(int rows) => Capped ? string.Create(CultureInfo.InvariantCulture, $"The first {rows:#,0} rows of '{Name}'") : $"'{Name}'";

    /// <summary>Why there is no verdict yet, and what would give one.</summary>
    public string TooFew(int version, int rows, int needed)
    {
        if (IsFile)
        {
            return string.Create(CultureInfo.InvariantCulture, $"'{Name}' has {rows:#,0} rows Augur could read; it needs {needed:#,0} to tell a real change from chance.");
        }

        var more = LogSampleRate > 0 ? (int)Math.Ceiling((needed - rows) / LogSampleRate) : 0;
        return string.Create(CultureInfo.InvariantCulture,
            $"Only {rows:#,0} predictions of v{version} were logged in the last {WindowWords}; Augur needs {needed:#,0} to tell a real change from chance. It logs {LogSampleRate:0.#%} of requests, so about {more:#,0} more requests are needed.");
    }

    /// <summary>The verdict in a sentence; <paramref name="named"/> lists the columns at the worst level.</summary>
    public string Verdict(int version, int rows, DriftLevel level, string named) => (IsFile, level) switch
    {
        (false, DriftLevel.Changed) => $"The inputs of v{version} changed a lot since it was trained: {named}. It may be less accurate now; retrain it on recent data.",
        (false, DriftLevel.Shifting) => $"Some inputs of v{version} are moving away from its training data: {named}. Keep an eye on its results.",
        (false, _) => string.Create(CultureInfo.InvariantCulture, $"The {rows:#,0} predictions of v{version} in the last {WindowWords} look like its training data."),
        (true, DriftLevel.Changed) => $"{Rows(rows)} {(Capped ? "differ" : "differs")} a lot from the data v{version} was trained on: {named}. Its scores may be less accurate for these rows.",
        (true, DriftLevel.Shifting) => $"Some columns of {Rows(rows).Replace("The first", "the first", StringComparison.Ordinal)} are moving away from the data v{version} was trained on: {named}.",
        _ => Capped
            ? string.Create(CultureInfo.InvariantCulture, $"{Rows(rows)} look like the data v{version} was trained on.")
            : string.Create(CultureInfo.InvariantCulture, $"The {rows:#,0} rows of '{Name}' look like the data v{version} was trained on."),
    };
}
