using GreenIsland.Waste.Features.Rules;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GreenIsland.Waste.Persistence.Migrations;

/// <summary>Processed Telemetry event ids are purged by age (audit S5 S3): an index on processed_at.</summary>
[DbContext(typeof(WasteDbContext))]
[Migration("20261122050000_ProcessedEventsByTime")]
internal sealed class ProcessedEventsByTime : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateIndex("ix_waste_processed_events_processed_at", ProcessedEvent.Configuration.Table, "processed_at",
            WasteMigrationProvider.Schema(migrationBuilder));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("ix_waste_processed_events_processed_at", ProcessedEvent.Configuration.Table, WasteMigrationProvider.Schema(migrationBuilder));
    }
}
