using System.Text.Json.Serialization;

namespace Augur.Data.Schema;

/// <summary>What a column is for. Identifiers are kept in the data but never used as model inputs.</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<ColumnRole>))]
public enum ColumnRole
{
    Feature,
    Identifier,
    Ignored,
}
