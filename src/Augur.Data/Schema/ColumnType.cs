using System.Text.Json.Serialization;

namespace Augur.Data.Schema;

/// <summary>The logical type Augur infers for a column. Serialised in lower case ("integer", "datetime"…).</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<ColumnType>))]
public enum ColumnType
{
    Integer,
    Number,
    Boolean,
    Date,
    [JsonStringEnumMemberName("datetime")]
    DateTime,
    Categorical,
    Text,
    Identifier,
}
