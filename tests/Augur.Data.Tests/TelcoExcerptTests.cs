using Augur.Data.Schema;

namespace Augur.Data.Tests;

/// <summary>The real Telco churn file (first 200 lines plus one blank-TotalCharges row; see Fixtures/README.md).</summary>
public sealed class TelcoExcerptTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task The_telco_excerpt_gets_the_types_a_churn_model_needs()
    {
        var table = await Some.IngestAsync(Some.Fixture("telco-churn-200.csv"), temp.Out);

        Assert.Equal(200, table.RowsIn);
        Assert.Equal(200, table.RowsOut);
        Assert.Equal(21, table.Schema.Columns.Count);
        Assert.Equal(new ColumnSchema("customerID", ColumnType.Identifier, false, ColumnRole.Identifier), table.Column("customerID"));
        Assert.Equal(ColumnType.Integer, table.TypeOf("tenure"));
        Assert.Equal(ColumnType.Number, table.TypeOf("MonthlyCharges"));
        Assert.Equal(new ColumnSchema("TotalCharges", ColumnType.Number, true, ColumnRole.Feature), table.Column("TotalCharges"));
        // Yes/No is boolean (only 0/1 alone stays integer), so the trainer sees Churn as a binary label.
        Assert.Equal(ColumnType.Boolean, table.TypeOf("Churn"));
        Assert.Equal(new BooleanLabels("Yes", "No"), table.Column("Churn").Labels);
        Assert.Equal(ColumnType.Integer, table.TypeOf("SeniorCitizen"));
        Assert.Equal(ColumnType.Categorical, table.TypeOf("PaymentMethod"));
        Assert.Equal(ColumnType.Categorical, table.TypeOf("MultipleLines"));
    }
}
