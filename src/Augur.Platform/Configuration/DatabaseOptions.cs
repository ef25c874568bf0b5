namespace Augur.Platform.Configuration;

/// <summary>Settings under "Database". SQLite in the data directory unless PostgreSQL is chosen.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Required for PostgreSQL; for SQLite the default is a file in the data directory.</summary>
    public string? ConnectionString { get; set; }
}

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}
