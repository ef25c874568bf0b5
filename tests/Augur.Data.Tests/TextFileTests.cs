using Augur.Data.Ingestion;
using Augur.Data.Jsonl;

namespace Augur.Data.Tests;

public sealed class TextFileTests : IDisposable
{
    private const string Prose =
        "Notes from the quarterly review\n\n" +
        "We met with the regional team on Monday to go over the numbers for the spring campaign.\n" +
        "Email did better than expected, but the social budget was spent too early in the month.\n" +
        "Next quarter we want to test a smaller discount, and to send the newsletter on Thursdays.\n" +
        "Anna will prepare the export from the shop, and Boris will clean up the CRM segments.\n";

    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task A_txt_file_of_prose_is_refused_with_a_reason_that_says_it_is_text_not_a_table()
    {
        var input = temp.Write("notes.txt", Prose);

        var error = await Assert.ThrowsAsync<IngestException>(() => Some.IngestAsync(input, temp.Out));

        Assert.Contains("looks like text, not a table", error.Message);
        Assert.Contains("notes.txt", error.Message);
    }

    [Fact]
    public async Task In_a_folder_a_prose_txt_is_skipped_with_its_reason_and_a_tab_separated_txt_is_read()
    {
        Directory.CreateDirectory(Path.Combine(temp.Path, "upload"));
        temp.Write("upload/notes.txt", Prose);
        temp.Write("upload/export.txt", "customer\tchannel\tspend\nC1\temail\t12.5\nC2\tsocial\t7\n");

        var summary = await new Ingestor(new IngestOptions()).IngestAsync(Path.Combine(temp.Path, "upload"), temp.Out, CancellationToken.None);

        var table = Assert.Single(summary.Tables);
        Assert.Equal(["customer", "channel", "spend"], table.Schema.Columns.Select(c => c.Name));
        Assert.Equal(2, JsonlReader.Read(table.JsonlPath).Count());
        var skipped = Assert.Single(summary.Skipped);
        Assert.EndsWith("notes.txt", skipped.Path);
        Assert.Contains("looks like text, not a table", skipped.Reason);
    }
}
