using System.Diagnostics;
using System.Reflection;

namespace Augur.Platform.Training;

/// <summary>How to start `augur trial`: the apphost itself, or `dotnet augur.dll`.</summary>
public sealed class TrialExecutable
{
    private readonly string _fileName;
    private readonly IReadOnlyList<string> _prefix;

    private TrialExecutable(string fileName, IReadOnlyList<string> prefix)
    {
        _fileName = fileName;
        _prefix = prefix;
    }

    /// <summary>What is started, for log lines.</summary>
    public override string ToString() => string.Join(' ', [_fileName, .. _prefix]);

    /// <summary>
    /// The configured path when there is one; otherwise the running process when it is the augur CLI; otherwise null
    /// (a test host or another embedding has no `trial` verb to start).
    /// </summary>
    /// <exception cref="FileNotFoundException">The configured path does not exist.</exception>
    public static TrialExecutable? Find(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var path = Path.GetFullPath(configured);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"Training:TrialExecutable points to '{path}', which does not exist.", path);
            }

            return For(path);
        }

        var entry = Assembly.GetEntryAssembly();
        return entry?.GetName().Name == "augur" && !string.IsNullOrEmpty(entry.Location) ? For(entry.Location) : null;
    }

    /// <summary>augur.dll runs on the dotnet host that runs us (or the one on PATH); anything else is an executable.</summary>
    public static TrialExecutable For(string path)
    {
        if (!path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            return new TrialExecutable(path, []);
        }

        var host = Environment.ProcessPath is { } current && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
        return new TrialExecutable(host, [path]);
    }

    public ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(_fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in _prefix.Concat(arguments))
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }
}
