using Augur.Testing;

namespace Augur.Tests;

/// <summary>`augur keys rotate` on a data folder: files from before encryption get encrypted, later rotations re-wrap.</summary>
public sealed class KeysCliTests
{
    [Fact]
    public async Task Rotate_encrypts_old_plaintext_files_rewraps_on_the_next_rotation_and_is_audited()
    {
        using var dir = new TempDirectory();
        var legacy = Path.Combine(dir.Path, "artifacts", "datasets", "old", "raw", "customers.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(legacy)!);
        await File.WriteAllTextAsync(legacy, "customer_id,plan\n1,gold\n");

        var (exit, stdout, stderr) = await AugurProcess.RunAsync("keys", "rotate", "--data", dir.Path);
        Assert.True(exit == 0, stderr);
        Assert.Contains("1 encrypted for the first time", stdout, StringComparison.Ordinal);
        var stored = await File.ReadAllTextAsync(legacy);
        Assert.StartsWith("AUGENC01", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("gold", stored, StringComparison.Ordinal);

        (exit, stdout, stderr) = await AugurProcess.RunAsync("keys", "rotate", "--data", dir.Path);
        Assert.True(exit == 0, stderr);
        Assert.Contains("1 files re-wrapped", stdout, StringComparison.Ordinal);

        (exit, stdout, stderr) = await AugurProcess.RunAsync("audit", "verify", "--data", dir.Path);
        Assert.True(exit == 0, stderr);
        Assert.Contains("2 entries", stdout, StringComparison.Ordinal);
    }
}
