using Augur.Platform.Datasets;
using Augur.Platform.Storage;

namespace Augur.Platform.Recommendations;

/// <summary>An item catalogue read from its (encrypted) dataset, through a private working copy.</summary>
internal static class StoredCatalogue
{
    public static async Task<Catalogue> ReadAsync(IArtifactStore store, Dataset dataset, CancellationToken cancellationToken)
    {
        using var copy = await store.CheckOutAsync(dataset.DataKey, cancellationToken);
        return Catalogue.Read(copy.Path, DatasetService.ReadSchema(dataset), dataset.Name);
    }
}
