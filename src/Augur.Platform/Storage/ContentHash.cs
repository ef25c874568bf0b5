using System.Security.Cryptography;

namespace Augur.Platform.Storage;

/// <summary>SHA-256 of a file's content, in lowercase hex: the identity of "the exact data a model was trained on".</summary>
public static class ContentHash
{
    public static async Task<string> OfFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

}
