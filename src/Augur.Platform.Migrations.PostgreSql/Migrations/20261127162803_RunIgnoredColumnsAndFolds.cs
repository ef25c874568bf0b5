using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Augur.Platform.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class RunIgnoredColumnsAndFolds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Folds",
                table: "TrainingRuns",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "IgnoredJson",
                table: "TrainingRuns",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Folds",
                table: "TrainingRuns");

            migrationBuilder.DropColumn(
                name: "IgnoredJson",
                table: "TrainingRuns");
        }
    }
}
