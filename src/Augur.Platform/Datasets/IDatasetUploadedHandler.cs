namespace Augur.Platform.Datasets;

/// <summary>
/// Told of each dataset a person uploads, once it is stored (not of the demo data seeded at start-up). Registered in DI;
/// a handler that fails is logged and does not fail the upload, which is already stored.
/// </summary>
public interface IDatasetUploadedHandler
{
    Task OnUploadedAsync(Dataset dataset, Caller caller, CancellationToken cancellationToken);
}
