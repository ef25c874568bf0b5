namespace Augur.Web.Tests.Scoring;

/// <summary>One Augur host with one trained model, shared by the scoring tests of a class (training is the slow part).</summary>
public sealed class ScoringFixture : IAsyncLifetime
{
    public AugurFactory Factory { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public string ProjectId { get; private set; } = "";

    public async Task InitializeAsync() => (Client, ProjectId) = await ScoringScenario.TrainAsync(Factory);

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
    }
}
