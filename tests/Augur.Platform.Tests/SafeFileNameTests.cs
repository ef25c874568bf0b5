using Augur.Platform.Datasets;

namespace Augur.Platform.Tests;

public sealed class SafeFileNameTests
{
    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("..\\..\\boot.ini", "boot.ini")]
    [InlineData("sales 2024.csv", "sales_2024.csv")]
    [InlineData("..", "upload.csv")]
    [InlineData("", "upload.csv")]
    [InlineData("продажи.csv", "продажи.csv")]
    public void Uploaded_file_names_cannot_escape_their_folder(string name, string expected) =>
        Assert.Equal(expected, DatasetService.SafeFileName(name));
}
