using Augur.Testing;

namespace Augur.Web.Tests;

public sealed class WholePathTests
{
    [Fact]
    public async Task Upload_train_register_and_predict_work_end_to_end_on_sqlite()
    {
        await using var factory = new AugurFactory();
        await WholePathScenario.RunAsync(factory);
    }

    [PostgresFact]
    public async Task Upload_train_register_and_predict_work_end_to_end_on_postgresql()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        await using var factory = new AugurFactory(database.ConnectionString);
        await WholePathScenario.RunAsync(factory);
    }
}
