using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Augur.Platform.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class RunEarlyStopping : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "EarlyStopping",
                table: "TrainingRuns",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "StoppedEarly",
                table: "TrainingRuns",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "EarlyStopping",
                table: "TrainingRuns");

            migrationBuilder.DropColumn(
                name: "StoppedEarly",
                table: "TrainingRuns");
        }
    }
}
