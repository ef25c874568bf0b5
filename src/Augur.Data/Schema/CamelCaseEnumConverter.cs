using System.Text.Json;
using System.Text.Json.Serialization;

namespace Augur.Data.Schema;

/// <summary>
/// Writes an enum as its camelCase name ("integer", "identifier") wherever it is serialised, with Augur's options
/// or anyone else's (ASP.NET Core's, a test's), so the files and the API always agree.
/// </summary>
public sealed class CamelCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.CamelCase)
    where TEnum : struct, Enum;
