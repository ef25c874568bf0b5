using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Augur.Platform.Audit;

/// <summary>How an entry's hash is computed: SHA-256 over a JSON array of its fields and the previous entry's hash.</summary>
public static class AuditChain
{
    /// <summary>The "previous hash" of the first entry.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public static string ComputeHash(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        // A JSON array is unambiguous (no field can smuggle a separator), and the time is written to the millisecond,
        // which every database provider stores exactly.
        string?[] fields =
        [
            entry.Sequence.ToString(CultureInfo.InvariantCulture),
            entry.At.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture),
            entry.UserId?.ToString(),
            entry.UserName,
            entry.KeyId?.ToString(),
            entry.Ip,
            entry.Action,
            entry.ProjectId?.ToString(),
            entry.ObjectType,
            entry.ObjectId,
            entry.Detail,
            entry.PreviousHash,
        ];
        var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(fields));
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    public static DateTime Truncate(DateTime utc) =>
        new(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
}
