using Augur.Platform.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Augur.Platform.Training;

/// <summary>
/// The lock a study's workers take to read its trials and claim the next number, held until the transaction ends:
/// on PostgreSQL an advisory lock on the run, which every node of the cluster respects; on SQLite (one process) a lock
/// in this process around the transaction.
/// </summary>
public static class StudyLock
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static async Task<Held> EnterAsync(AugurDbContext db, Guid runId, CancellationToken cancellationToken)
    {
        await Gate.WaitAsync(cancellationToken);
        try
        {
            var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true)
            {
                var key = BitConverter.ToInt64(runId.ToByteArray(), 0);
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({key})", cancellationToken);
            }

            return new Held(transaction);
        }
        catch
        {
            Gate.Release();
            throw;
        }
    }

    /// <summary>The held lock: commit what was done under it, or dispose to roll back; either way it is released.</summary>
    public sealed class Held(IDbContextTransaction transaction) : IAsyncDisposable
    {
        private bool _released;

        public Task CommitAsync(CancellationToken cancellationToken) => transaction.CommitAsync(cancellationToken);

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            if (!_released)
            {
                _released = true;
                Gate.Release();
            }
        }
    }
}
