using System.Text;
using Augur.Platform.Configuration;
using Augur.Platform.Storage;
using Augur.Platform.Storage.Encryption;
using Augur.Testing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Augur.Platform.Tests;

public sealed class FileArtifactStoreTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(65_535)]
    [InlineData(65_536)]
    [InlineData(65_537)]
    [InlineData(200_000)]
    public async Task Artifacts_are_encrypted_on_disk_and_read_back_exactly(int size)
    {
        using var dir = new TempDirectory();
        using var services = Services(dir.Path);
        var store = services.GetRequiredService<FileArtifactStore>();
        var content = Content(size);

        await store.WriteAsync("a/b/c.csv", new MemoryStream(content), CancellationToken.None);

        Assert.Equal(content, await ReadAllAsync(store, "a/b/c.csv"));
        var onDisk = await File.ReadAllBytesAsync(store.LocationOf("a/b/c.csv"));
        Assert.StartsWith("AUGENC01", Encoding.ASCII.GetString(onDisk, 0, 8), StringComparison.Ordinal);
        Assert.True(onDisk.Length < size + (size / 65_536 + 1) * 16 + 512, "the overhead is a header and 16 bytes per 64 KiB");
        Assert.DoesNotContain("customer_", Encoding.ASCII.GetString(onDisk), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(store.LocationOf("a/b/c.csv"))!, "*.partial"));
        store.DeleteTree("a");
        Assert.False(store.Exists("a/b/c.csv"));
    }

    [Fact]
    public async Task An_altered_truncated_or_moved_file_is_refused_with_its_name()
    {
        using var dir = new TempDirectory();
        using var services = Services(dir.Path);
        var store = services.GetRequiredService<FileArtifactStore>();
        await store.WriteAsync("p1/data.jsonl", new MemoryStream(Content(150_000)), CancellationToken.None);
        var original = await File.ReadAllBytesAsync(store.LocationOf("p1/data.jsonl"));

        var altered = (byte[])original.Clone();
        altered[100_000] ^= 1;
        await File.WriteAllBytesAsync(store.LocationOf("p1/data.jsonl"), altered);
        var error = await Assert.ThrowsAsync<ArtifactDecryptionException>(() => ReadAllAsync(store, "p1/data.jsonl"));
        Assert.Contains("p1/data.jsonl", error.Message, StringComparison.Ordinal);

        // Cut after the first two whole chunks: every byte left is authentic, yet the end is missing.
        var headerLength = original.Length - 150_000 - 3 * 16;
        await File.WriteAllBytesAsync(store.LocationOf("p1/data.jsonl"), original[..(headerLength + 2 * (65_536 + 16))]);
        await Assert.ThrowsAsync<ArtifactDecryptionException>(() => ReadAllAsync(store, "p1/data.jsonl"));

        // Another project's file copied over this one's does not open: each data key is bound to its own key.
        Directory.CreateDirectory(Path.GetDirectoryName(store.LocationOf("p2/data.jsonl"))!);
        await File.WriteAllBytesAsync(store.LocationOf("p2/data.jsonl"), original);
        await Assert.ThrowsAsync<ArtifactDecryptionException>(() => ReadAllAsync(store, "p2/data.jsonl"));
    }

    [Fact]
    public async Task Rotating_the_key_loses_nothing_and_retired_keys_wrap_nothing()
    {
        using var dir = new TempDirectory();
        using var services = Services(dir.Path);
        var store = services.GetRequiredService<FileArtifactStore>();
        var keys = services.GetRequiredService<IKeyManager>();
        var before = Content(100_000);
        await store.WriteAsync("old.bin", new MemoryStream(before), CancellationToken.None);
        // A file from before encryption existed, stored in the clear.
        var legacy = Encoding.UTF8.GetBytes("customer_id,plan\n1,gold\n");
        Directory.CreateDirectory(Path.GetDirectoryName(store.LocationOf("legacy/raw.csv"))!);
        await File.WriteAllBytesAsync(store.LocationOf("legacy/raw.csv"), legacy);
        Assert.Equal(legacy, await ReadAllAsync(store, "legacy/raw.csv"));
        var oldHeader = (await File.ReadAllBytesAsync(store.LocationOf("old.bin")))[..64];

        var rotation = await services.GetRequiredService<ArtifactKeyRotation>().RotateAsync(retireOldKeys: false, CancellationToken.None);
        Assert.Equal((1, 1, 0), (rotation.Rewrapped, rotation.Encrypted, rotation.RetiredKeys));
        await store.WriteAsync("new.bin", new MemoryStream(Content(10)), CancellationToken.None);

        Assert.NotEqual(oldHeader, (await File.ReadAllBytesAsync(store.LocationOf("old.bin")))[..64]);
        Assert.Equal(before, await ReadAllAsync(store, "old.bin"));
        Assert.Equal(legacy, await ReadAllAsync(store, "legacy/raw.csv"));
        Assert.DoesNotContain("gold", Encoding.UTF8.GetString(await File.ReadAllBytesAsync(store.LocationOf("legacy/raw.csv"))), StringComparison.Ordinal);

        var second = await services.GetRequiredService<ArtifactKeyRotation>().RotateAsync(retireOldKeys: true, CancellationToken.None);
        Assert.Equal(3, second.Rewrapped);
        Assert.Equal(2, second.RetiredKeys);
        Assert.Single(keys.GetAllKeys(), k => !k.IsRevoked);

        // A fresh process (no cached key ring) reads everything with the one key left.
        using var restarted = Services(dir.Path);
        var again = restarted.GetRequiredService<FileArtifactStore>();
        Assert.Equal(before, await ReadAllAsync(again, "old.bin"));
        Assert.Equal(legacy, await ReadAllAsync(again, "legacy/raw.csv"));
        Assert.Equal(Content(10), await ReadAllAsync(again, "new.bin"));
    }

    [Fact]
    public async Task Without_the_key_ring_a_file_gets_a_clear_error_naming_it()
    {
        using var dir = new TempDirectory();
        using (var services = Services(dir.Path))
        {
            await services.GetRequiredService<FileArtifactStore>().WriteAsync("models/m.augur", new MemoryStream(Content(10)), CancellationToken.None);
        }

        Directory.Delete(Path.Combine(dir.Path, "keys"), recursive: true);
        using var lost = Services(dir.Path);
        var error = await Assert.ThrowsAsync<ArtifactDecryptionException>(() => ReadAllAsync(lost.GetRequiredService<FileArtifactStore>(), "models/m.augur"));
        Assert.Contains("models/m.augur", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checked_out_copies_and_work_folders_are_private_and_cleaned_up()
    {
        using var dir = new TempDirectory();
        using var services = Services(dir.Path);
        var store = services.GetRequiredService<FileArtifactStore>();
        await store.WriteAsync("d/raw/sales.csv", new MemoryStream(Content(1_000)), CancellationToken.None);

        string copyPath;
        using (var copy = await store.CheckOutAsync("d/raw/sales.csv", CancellationToken.None))
        {
            copyPath = copy.Path;
            Assert.Equal("sales.csv", Path.GetFileName(copyPath));
            Assert.Equal(Content(1_000), await File.ReadAllBytesAsync(copyPath));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
                    File.GetUnixFileMode(Path.GetDirectoryName(Path.GetDirectoryName(copyPath))!));
            }
        }

        Assert.False(File.Exists(copyPath));

        using (var work = store.CreateWorkFolder())
        {
            await File.WriteAllTextAsync(work.File("clean/data.jsonl"), "{\"a\":1}\n");
            await File.WriteAllTextAsync(work.File("clean/data.profile.json"), "{}");
            await store.CheckInFolderAsync("d/clean", work.Folder("clean"), CancellationToken.None);
            Assert.Empty(Directory.GetFiles(work.Path, "*", SearchOption.AllDirectories));
        }

        Assert.Equal("{\"a\":1}\n"u8.ToArray(), await ReadAllAsync(store, "d/clean/data.jsonl"));
        Assert.True(store.Exists("d/clean/data.profile.json"));

        // A crashed process's scratch folder (a process id that is not running) is removed at the next start.
        var abandoned = Path.Combine(dir.Path, "scratch", $"{Environment.MachineName}-{int.MaxValue - 1}");
        Directory.CreateDirectory(abandoned);
        await File.WriteAllTextAsync(Path.Combine(abandoned, "plaintext.csv"), "secret");
        store.ClearAbandonedScratch();
        Assert.False(Directory.Exists(abandoned));
    }

    [Fact]
    public async Task With_encryption_off_files_are_stored_as_they_are_and_encrypted_ones_still_read()
    {
        using var dir = new TempDirectory();
        using (var services = Services(dir.Path))
        {
            await services.GetRequiredService<FileArtifactStore>().WriteAsync("enc.bin", new MemoryStream(Content(5)), CancellationToken.None);
        }

        using var plain = Services(dir.Path, encrypt: false);
        var store = plain.GetRequiredService<FileArtifactStore>();
        await store.WriteAsync("plain.bin", new MemoryStream(Content(5)), CancellationToken.None);
        Assert.Equal(Content(5), await File.ReadAllBytesAsync(store.LocationOf("plain.bin")));
        Assert.Equal(Content(5), await ReadAllAsync(store, "enc.bin"));
        using var copy = await store.CheckOutAsync("plain.bin", CancellationToken.None);
        Assert.Equal(store.LocationOf("plain.bin"), copy.Path);
    }

    [Theory]
    [InlineData("../outside.txt")]
    [InlineData("a/../../outside.txt")]
    [InlineData("/etc/passwd")]
    public void Keys_cannot_point_outside_the_store(string key)
    {
        using var dir = new TempDirectory();
        using var services = Services(dir.Path);
        Assert.Throws<ArgumentException>(() => services.GetRequiredService<FileArtifactStore>().LocationOf(key));
    }

    /// <summary>The store as the platform builds it: a real Data Protection key ring in the data folder.</summary>
    private static ServiceProvider Services(string dataDirectory, bool encrypt = true)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDataProtection().SetApplicationName("Augur").PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory, "keys")));
        services.AddSingleton(new AugurPaths(Options.Create(new AugurOptions { DataDirectory = dataDirectory })));
        services.AddSingleton(Options.Create(new SecurityOptions { EncryptArtifacts = encrypt }));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ArtifactCipher>();
        services.AddSingleton<FileArtifactStore>();
        services.AddSingleton<ArtifactKeyRotation>();
        return services.BuildServiceProvider();
    }

    private static byte[] Content(int size)
    {
        var text = new StringBuilder();
        for (var i = 0; text.Length < size; i++)
        {
            text.Append("customer_").Append(i).Append(",gold\n");
        }

        return Encoding.ASCII.GetBytes(text.ToString(0, size));
    }

    private static async Task<byte[]> ReadAllAsync(FileArtifactStore store, string key)
    {
        await using var stream = store.OpenRead(key);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}
