using Augur.Platform.Database;
using Augur.Platform.Datasets;
using Augur.Platform.Projects;
using Augur.Platform.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Augur.Platform.Recommendations;

/// <summary>
/// The second demo project, a small synthetic shop (examples/store-demo): its events and catalogue are ingested at
/// the first start and a recommender is queued as a job, so start-up waits for the ingest (under a second) but not
/// for the training.
/// </summary>
public sealed class StoreDemoSeeder(AugurDbContext db, DatasetService datasets, RecommenderService recommenders, TimeProvider clock, ILogger<StoreDemoSeeder> logger)
{
    public const string ProjectName = "Shop demo: what should each customer see next?";

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "examples", "store-demo");

    public async Task EnsureAsync(User admin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var eventsFile = Path.Combine(Folder, "events.csv");
        var catalogueFile = Path.Combine(Folder, "catalogue.csv");
        if (!File.Exists(eventsFile) || !File.Exists(catalogueFile) || await db.Projects.AnyAsync(p => p.Name == ProjectName, cancellationToken))
        {
            return;
        }

        var project = Project.Create(ProjectName, "A made-up tea and coffee shop: views, carts and purchases of 400 customers. Open the store to see each customer's picks.", admin.Id, clock.GetUtcNow().UtcDateTime, ProjectKind.Recommendations);
        db.Projects.Add(project);
        await db.SaveChangesAsync(cancellationToken);
        Dataset events;
        await using (var file = File.OpenRead(eventsFile))
        {
            events = await datasets.IngestAsync(project, "store-events.csv", file, cancellationToken);
        }

        Dataset catalogue;
        await using (var file = File.OpenRead(catalogueFile))
        {
            catalogue = await datasets.IngestAsync(project, "catalogue.csv", file, cancellationToken);
        }

        var caller = new Caller(admin.Id, admin.UserName, true);
        await recommenders.StartAsync(caller, project.Id, new StartRecommenderRequest(events.Id, catalogue.Id), cancellationToken);
        logger.LogInformation("Created the shop demo project {ProjectId}", project.Id);
    }
}
