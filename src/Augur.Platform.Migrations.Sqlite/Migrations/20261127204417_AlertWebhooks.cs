using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Augur.Platform.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AlertWebhooks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AlertWebhookHost",
                table: "Projects",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AlertWebhookProtected",
                table: "Projects",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NotificationError",
                table: "Alerts",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "NotifiedAt",
                table: "Alerts",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AlertWebhookHost",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "AlertWebhookProtected",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "NotificationError",
                table: "Alerts");

            migrationBuilder.DropColumn(
                name: "NotifiedAt",
                table: "Alerts");
        }
    }
}
