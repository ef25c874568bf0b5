using System.Text;
using Augur.Testing;

namespace Augur.Data.Tests;

/// <summary>The shared <see cref="TempDirectory"/>, plus helpers to write inputs into it and an "out" folder.</summary>
public sealed class TempFolder : IDisposable
{
    private readonly TempDirectory _directory = new();

    public string Path => _directory.Path;

    public string Out => _directory.Combine("out");

    public string Write(string name, string content, Encoding? encoding = null)
    {
        var path = _directory.Combine(name);
        File.WriteAllText(path, content, encoding ?? new UTF8Encoding(false));
        return path;
    }

    public string WriteBytes(string name, byte[] content)
    {
        var path = _directory.Combine(name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public void Dispose() => _directory.Dispose();
}
