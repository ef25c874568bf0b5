using System.Text.Json;
using System.Text.Json.Nodes;
using Augur.Learning.Bundles;
using Augur.Platform;
using Augur.Platform.Deployments;
using Augur.Web.Auth;
using Augur.Web.Models;

namespace Augur.Web.Deployments;

/// <summary>
/// POST …/endpoints/{name}/predict. A 200 answers every row: a prediction, or that row's errors by field, so one bad
/// row never fails the others. Only when every row is bad is the answer a 400 (ProblemDetails, or MLflow's
/// <c>{"error_code": "BAD_REQUEST", "message": …}</c> for MLflow payloads). A version that cannot answer is a 503.
/// </summary>
internal static class EndpointPredictHandler
{
    public const string RequestKeyHeader = "X-Request-Key";
    public const string VersionHeader = "X-Augur-Version";

    public static async Task<IResult> HandleAsync(Guid projectId, string name, HttpContext context, EndpointPredictionService predictions, CancellationToken cancellationToken)
    {
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException ex)
        {
            throw new PlatformValidationException("body", $"The body is not valid JSON: {ex.Message}");
        }

        var payload = PredictPayload.Parse(body);
        var reasons = Explain.Reasons(context.Request.Query["explain"].ToString(), body?["explain"]);
        var key = EndpointKeyAuthenticationHandler.IdentityOf(context.User);
        var requestKey = context.Request.Headers[RequestKeyHeader].ToString() is { Length: > 0 } header ? header : context.Request.Query["key"].ToString() is { Length: > 0 } query ? query : null;
        EndpointAnswer answer;
        try
        {
            answer = await predictions.PredictAsync(key is null ? context.User.ToCaller() : null, key, projectId, name, payload.Rows, requestKey, reasons, cancellationToken);
        }
        catch (EndpointUnavailableException ex)
        {
            return payload.IsMlflow
                ? Results.Json(new { error_code = "TEMPORARILY_UNAVAILABLE", message = ex.Message }, statusCode: StatusCodes.Status503ServiceUnavailable)
                : TypedResults.Problem(title: "The model could not answer", detail: ex.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        context.Response.Headers[VersionHeader] = $"{answer.Model}/v{answer.Version}";
        var errors = answer.Rows.SelectMany(r => r.Errors).ToList();
        if (answer.Rows.All(r => !r.IsValid))
        {
            if (payload.IsMlflow)
            {
                return Results.Json(new { error_code = "BAD_REQUEST", message = $"No row could be scored. {Describe(errors)}" }, statusCode: StatusCodes.Status400BadRequest);
            }

            throw new InvalidInputException(errors);
        }

        return payload.IsMlflow ? Results.Ok(Mlflow(answer, errors)) : Results.Ok(Augur(answer));
    }

    private static object Augur(EndpointAnswer answer) => new
    {
        endpoint = answer.Endpoint,
        model = answer.Model,
        version = answer.Version,
        target = answer.Target,
        // predictionId: for a prediction the log kept (Augur:Serving:LogSampleRate of requests), the id to send its outcome back with.
        predictions = answer.Rows.Select((r, i) => r.IsValid
            ? r.Prediction!.Reasons is { } reasons
                ? new { row = i, prediction = r.Prediction.Prediction, probabilities = r.Prediction.Probabilities, reasons, predictionId = answer.PredictionIds?[i] }
                : (object)new { row = i, prediction = r.Prediction.Prediction, probabilities = r.Prediction.Probabilities, predictionId = answer.PredictionIds?[i] }
            : new { row = i, errors = r.Errors.Select(e => new { field = e.Field, message = e.Message }) }),
        failedRows = answer.Rows.Count(r => !r.IsValid),
        warnings = answer.Warnings,
    };

    /// <summary>MLflow's response shape ("predictions": one value per row) plus who answered and the rows that failed.</summary>
    private static object Mlflow(EndpointAnswer answer, List<InputError> errors) => new
    {
        predictions = answer.Rows.Select(r => r.Prediction?.Prediction),
        endpoint = answer.Endpoint,
        model = answer.Model,
        version = answer.Version,
        target = answer.Target,
        errors = errors.Select(e => new { row = e.Row, field = e.Field, message = e.Message }),
    };

    private static string Describe(List<InputError> errors) =>
        string.Join("; ", errors.Take(5).Select(e => $"row {e.Row}, field '{e.Field}': {e.Message}")) + (errors.Count > 5 ? $" (and {errors.Count - 5} more)" : "");
}
