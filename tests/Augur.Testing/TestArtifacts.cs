namespace Augur.Testing;

/// <summary>Where tests put files worth keeping after a run, such as browser screenshots.</summary>
public static class TestArtifacts
{
    /// <summary>
    /// A path for <paramref name="fileName"/> under AUGUR_TEST_ARTIFACTS, or under test-artifacts/ at the repository
    /// root when that is unset. The folder is created.
    /// </summary>
    public static string PathFor(string fileName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        var folder = Environment.GetEnvironmentVariable(TestEnvironment.ArtifactsVariable);
        if (string.IsNullOrWhiteSpace(folder))
        {
            folder = Path.Combine(FindRepositoryRoot(), "test-artifacts");
        }

        var path = Path.GetFullPath(Path.Combine(folder, fileName));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Augur.slnx")))
            {
                return dir.FullName;
            }
        }

        // Built outside the repository: keep artifacts beside the test binaries rather than failing.
        return AppContext.BaseDirectory;
    }
}
