namespace Augur.Browser.Tests.Support;

/// <summary>Where tests put files worth keeping after a run: AUGUR_TEST_ARTIFACTS, else test-artifacts/ at the repository root.</summary>
public static class TestArtifacts
{
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

        return AppContext.BaseDirectory;
    }
}
