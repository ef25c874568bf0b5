using System.Security.Claims;
using System.Text.Json.Nodes;
using Augur.Data.Profiling;
using Augur.Data.Schema;
using Augur.Platform;
using Augur.Platform.Configuration;
using Augur.Platform.Datasets;
using Augur.Platform.Storage;
using Augur.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Augur.Web.Datasets;

public sealed record DatasetResponse(
    Guid Id,
    string Name,
    string SourceFileName,
    long SourceBytes,
    long Rows,
    long RejectedRows,
    long DuplicateRows,
    long DuplicateRowsKept,
    IReadOnlyList<ColumnSchema> Columns,
    DateTime CreatedAt)
{
    public static DatasetResponse From(Dataset d) =>
        new(d.Id, d.Name, d.SourceFileName, d.SourceBytes, d.Rows, d.RejectedRows, d.DuplicateRows, d.DuplicateRowsKept, DatasetService.ReadSchema(d).Columns, d.CreatedAt);
}

/// <summary>
/// The answer to an upload that held several tables (files with different columns): one dataset per table, in the
/// order ingestion found them. An upload of one table is answered with that <see cref="DatasetResponse"/> alone.
/// </summary>
public sealed record UploadedDatasetsResponse(IReadOnlyList<DatasetResponse> Datasets);

/// <summary>The body of <c>PUT …/columns/{name}</c>: one of the schema's type names.</summary>
public sealed record ColumnTypeRequest(string? Type);

public static class DatasetsApi
{
    public static RouteGroupBuilder MapDatasetsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/projects/{projectId:guid}/datasets").WithTags("Datasets");
        group.MapGet("/", ListAsync).WithName("ListDatasets").WithSummary("The project's datasets, newest first.");
        group.MapPost("/", UploadAsync)
            .WithName("UploadDataset")
            .WithSummary("Upload a file (multipart field 'file', repeatable: several files are read together like a zipped folder, tables grouped by columns with a _source_file column); Augur reads it, infers the column types and stores it as a dataset. An upload whose files form several tables becomes one dataset per table, named 'upload – table', all stored or none, and is answered with {\"datasets\": [...]}; one table is answered with the dataset itself. Optional fields 'types' (repeatable, column=type, e.g. zip=categorical) set types you already know. Rows that repeat another exactly are kept (duplicateRowsKept) in a single file without an ID column, and removed (duplicateRows) otherwise.")
            // API clients are not browsers holding an antiforgery token; the session cookie is SameSite=Strict.
            .DisableAntiforgery();
        group.MapGet("/{datasetId:guid}", GetAsync).WithName("GetDataset").WithSummary("One dataset with its columns and types.");
        group.MapGet("/{datasetId:guid}/rows", RowsAsync).WithName("GetDatasetRows").WithSummary("The first rows of the clean data (take: 1-500, default 50).");
        group.MapGet("/{datasetId:guid}/profile", ProfileAsync).WithName("GetDatasetProfile").WithSummary("Per-column profile: missing share, distinct values, quantiles, histogram, top values, flags.");
        group.MapGet("/{datasetId:guid}/rejects", RejectsAsync).WithName("GetDatasetRejects").WithSummary("The first rejected rows with file, line, raw text and reason (take: 1-500, default 50).");
        group.MapPut("/{datasetId:guid}/columns/{name}", SetColumnTypeAsync)
            .WithName("SetDatasetColumnType")
            .WithSummary("Set a column's type ({\"type\": \"categorical\"}); the stored raw file is ingested again.");
        return api;
    }

    private static async Task<Ok<List<DatasetResponse>>> ListAsync(Guid projectId, DatasetService datasets, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok((await datasets.ListAsync(user.ToCaller(), projectId, cancellationToken)).Select(DatasetResponse.From).ToList());

    private static async Task<Results<Created<DatasetResponse>, Created<UploadedDatasetsResponse>>> UploadAsync(
        Guid projectId,
        IFormFileCollection files,
        DatasetService datasets,
        IOptions<AugurOptions> options,
        ClaimsPrincipal user,
        HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (files.Count == 0)
        {
            throw new PlatformValidationException("file", "no file was uploaded (multipart field 'file').");
        }

        foreach (var file in files)
        {
            if (file.Length == 0)
            {
                throw new PlatformValidationException("file", $"{file.FileName}: the file is empty.");
            }
        }

        var total = files.Sum(f => f.Length);
        UploadLimit.Check(options.Value, total, files.Count == 1 ? $"{files[0].FileName}: the file is" : $"the {files.Count} files are");

        var types = ParseTypes(request.Form["types"]);
        var created = await datasets.UploadFilesAsync(
            user.ToCaller(), projectId, [.. files.Select(f => (f.FileName, (Func<Stream>)f.OpenReadStream))], cancellationToken, types);

        // One table keeps the answer it always had; several are listed, each with its own link in the list.
        return created.Count == 1
            ? TypedResults.Created($"/api/v1/projects/{projectId}/datasets/{created[0].Id}", DatasetResponse.From(created[0]))
            : TypedResults.Created($"/api/v1/projects/{projectId}/datasets", new UploadedDatasetsResponse([.. created.Select(DatasetResponse.From)]));
    }

    /// <summary>"column=type" pairs from the upload form (one per field, or comma-separated); none means infer everything.</summary>
    private static Dictionary<string, ColumnType>? ParseTypes(Microsoft.Extensions.Primitives.StringValues values)
    {
        var pairs = values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (pairs.Count == 0)
        {
            return null;
        }

        try
        {
            return ColumnTypeOverrides.Parse(pairs);
        }
        catch (FormatException ex)
        {
            throw new PlatformValidationException("types", ex.Message);
        }
    }

    private static async Task<Ok<DatasetResponse>> GetAsync(Guid projectId, Guid datasetId, DatasetService datasets, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(DatasetResponse.From(await datasets.GetAsync(user.ToCaller(), projectId, datasetId, cancellationToken)));

    private static async Task<Ok<TableProfile>> ProfileAsync(Guid projectId, Guid datasetId, DatasetService datasets, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(await datasets.ProfileAsync(user.ToCaller(), projectId, datasetId, cancellationToken));

    private static async Task<Ok<IReadOnlyList<JsonObject>>> RejectsAsync(Guid projectId, Guid datasetId, DatasetService datasets, ClaimsPrincipal user, CancellationToken cancellationToken, int take = 50) =>
        TypedResults.Ok(await datasets.RejectsAsync(user.ToCaller(), projectId, datasetId, take, cancellationToken));

    private static async Task<Ok<DatasetResponse>> SetColumnTypeAsync(
        Guid projectId, Guid datasetId, string name, ColumnTypeRequest request, DatasetService datasets, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!ColumnTypeOverrides.TryParseType(request.Type, out var type))
        {
            throw new PlatformValidationException("type", $"'{request.Type}' is not a column type; use one of {string.Join(", ", ColumnTypeOverrides.Names)}.");
        }

        return TypedResults.Ok(DatasetResponse.From(await datasets.SetColumnTypeAsync(user.ToCaller(), projectId, datasetId, name, type, cancellationToken)));
    }

    private static async Task<Ok<IReadOnlyList<JsonObject>>> RowsAsync(Guid projectId, Guid datasetId, DatasetService datasets, ClaimsPrincipal user, CancellationToken cancellationToken, int take = 50) =>
        TypedResults.Ok(await datasets.PreviewAsync(user.ToCaller(), projectId, datasetId, take, cancellationToken));
}
