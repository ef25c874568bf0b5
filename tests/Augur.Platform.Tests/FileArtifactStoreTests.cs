using Augur.Platform.Configuration;
using Augur.Platform.Storage;
using Augur.Testing;
using Microsoft.Extensions.Options;

namespace Augur.Platform.Tests;

public sealed class FileArtifactStoreTests
{
    [Fact]
    public async Task Written_artifacts_read_back_and_leave_no_partial_file()
    {
        using var dir = new TempDirectory();
        var store = new FileArtifactStore(new AugurPaths(Options.Create(new AugurOptions { DataDirectory = dir.Path })));
        await store.WriteAsync("a/b/c.bin", new MemoryStream([1, 2, 3]), CancellationToken.None);
        Assert.True(store.Exists("a/b/c.bin"));
        await using (var read = store.OpenRead("a/b/c.bin"))
        {
            Assert.Equal(3, read.Length);
        }

        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(store.GetPath("a/b/c.bin"))!, "*.partial"));
        store.DeleteTree("a");
        Assert.False(store.Exists("a/b/c.bin"));
    }

    [Theory]
    [InlineData("../outside.txt")]
    [InlineData("a/../../outside.txt")]
    [InlineData("/etc/passwd")]
    public void Keys_cannot_point_outside_the_store(string key)
    {
        using var dir = new TempDirectory();
        var store = new FileArtifactStore(new AugurPaths(Options.Create(new AugurOptions { DataDirectory = dir.Path })));
        Assert.Throws<ArgumentException>(() => store.GetPath(key));
    }
}
