using System.Diagnostics;
using Augur.Platform.Configuration;
using Augur.Platform.Storage.Encryption;
using Microsoft.Extensions.Options;

namespace Augur.Platform.Storage;

/// <summary>
/// The artifact store on a local (or shared, mounted) folder. Keys never escape the root. Content is encrypted with
/// <see cref="ArtifactCipher"/> when Security:EncryptArtifacts is on (the default); files written before that stay
/// readable as they are until <c>augur keys rotate</c> encrypts them.
/// </summary>
public sealed class FileArtifactStore : IArtifactStore
{
    private const int BufferSize = 1 << 16;
    private readonly string _root;
    private readonly string _scratch;
    private readonly ArtifactCipher _cipher;
    private readonly bool _encrypt;

    public FileArtifactStore(AugurPaths paths, ArtifactCipher cipher, IOptions<SecurityOptions> security)
    {
        _root = paths.Artifacts;
        _cipher = cipher;
        _encrypt = security.Value.EncryptArtifacts;
        // One scratch folder per process, named after the machine too, because a cluster may share the data folder.
        _scratch = Path.Combine(paths.Scratch, $"{Environment.MachineName}-{Environment.ProcessId}");
    }

    /// <summary>Where a key's file is on disk. For the store itself, operators and tests: the file may be encrypted.</summary>
    public string LocationOf(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        var full = Path.GetFullPath(Path.Combine(_root, key));
        if (!full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The key '{key}' points outside the artifact store.", nameof(key));
        }

        return full;
    }

    public async Task WriteAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        var path = LocationOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Write to a temporary name first so a crash never leaves a half-written artifact under the real key.
        var temporary = path + ".partial";
        await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, BufferSize, useAsync: true))
        {
            if (_encrypt)
            {
                await _cipher.EncryptAsync(key, content, file, cancellationToken);
            }
            else
            {
                await content.CopyToAsync(file, cancellationToken);
            }
        }

        File.Move(temporary, path, overwrite: true);
    }

    public Stream OpenRead(string key) =>
        _cipher.OpenRead(key, new FileStream(LocationOf(key), FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize));

    public bool Exists(string key) => File.Exists(LocationOf(key));

    public long SizeOf(string key) => new FileInfo(LocationOf(key)).Length;

    public void Delete(string key) => File.Delete(LocationOf(key));

    public void DeleteTree(string keyPrefix)
    {
        var path = LocationOf(keyPrefix);
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }

    public async Task<LocalCopy> CheckOutAsync(string key, CancellationToken cancellationToken)
    {
        var path = LocationOf(key);
        await using (var probe = File.OpenRead(path))
        {
            if (!ArtifactCipher.IsEncrypted(probe))
            {
                return new LocalCopy(path, owned: false);
            }
        }

        // The copy keeps the file's name, because readers choose the format by its extension.
        var folder = CreateWorkFolder();
        var copy = folder.File(Path.GetFileName(path));
        try
        {
            await using var source = OpenRead(key);
            await using var target = new FileStream(copy, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, useAsync: true);
            await source.CopyToAsync(target, BufferSize, cancellationToken);
        }
        catch
        {
            folder.Dispose();
            throw;
        }

        return new LocalCopy(copy, owned: true, folder);
    }

    public WorkFolder CreateWorkFolder()
    {
        if (!Directory.Exists(_scratch))
        {
            CreatePrivateDirectory(_scratch);
        }

        return new WorkFolder(Path.Combine(_scratch, Guid.NewGuid().ToString("n")));
    }

    public async Task CheckInAsync(string key, string localPath, CancellationToken cancellationToken)
    {
        if (_encrypt)
        {
            await using (var local = new FileStream(localPath, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, useAsync: true))
            {
                await WriteAsync(key, local, cancellationToken);
            }

            File.Delete(localPath);
            return;
        }

        var path = LocationOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Move(localPath, path, overwrite: true);
    }

    public async Task CheckInFolderAsync(string keyPrefix, string localFolder, CancellationToken cancellationToken)
    {
        foreach (var file in Directory.EnumerateFiles(localFolder, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(localFolder, file).Replace(Path.DirectorySeparatorChar, '/');
            await CheckInAsync($"{keyPrefix.TrimEnd('/')}/{relative}", file, cancellationToken);
        }
    }

    /// <summary>Every stored file's key, for maintenance such as key rotation.</summary>
    public IEnumerable<string> AllKeys() =>
        Directory.Exists(_root)
            ? Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories)
                .Where(f => !f.EndsWith(".partial", StringComparison.Ordinal))
                .Select(f => Path.GetRelativePath(_root, f).Replace(Path.DirectorySeparatorChar, '/'))
            : [];

    /// <summary>
    /// Deletes the scratch folders of processes on this machine that are gone: the decrypted copies a crash left behind.
    /// </summary>
    public void ClearAbandonedScratch()
    {
        var parent = Path.GetDirectoryName(_scratch)!;
        if (!Directory.Exists(parent))
        {
            return;
        }

        var prefix = Environment.MachineName + "-";
        foreach (var folder in Directory.EnumerateDirectories(parent, prefix + "*"))
        {
            // Called at start-up, so even this process's own folder (a reused process id) holds nothing in use.
            if (int.TryParse(Path.GetFileName(folder)[prefix.Length..], out var pid) && (pid == Environment.ProcessId || !IsRunning(pid)))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
