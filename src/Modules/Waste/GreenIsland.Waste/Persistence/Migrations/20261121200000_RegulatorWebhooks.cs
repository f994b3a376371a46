using GreenIsland.Waste.Features.Webhooks;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GreenIsland.Waste.Persistence.Migrations;

/// <summary>Regulators' webhook subscriptions follow a jurisdiction (district or town) instead of the organisation's own manifests.</summary>
[DbContext(typeof(WasteDbContext))]
[Migration("20261121200000_RegulatorWebhooks")]
internal sealed class RegulatorWebhooks : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var schema = WasteMigrationProvider.Schema(migrationBuilder);
        migrationBuilder.AddColumn<Guid>("district_id", WebhookSubscription.Configuration.Table, nullable: true, schema: schema);
        migrationBuilder.AddColumn<Guid>("town_id", WebhookSubscription.Configuration.Table, nullable: true, schema: schema);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        var schema = WasteMigrationProvider.Schema(migrationBuilder);
        migrationBuilder.DropColumn("town_id", WebhookSubscription.Configuration.Table, schema);
        migrationBuilder.DropColumn("district_id", WebhookSubscription.Configuration.Table, schema);
    }
}
