using GreenIsland.Waste.Features.CommandCentre;
using GreenIsland.Waste.Features.Declarations;
using GreenIsland.Waste.Features.Plans;
using GreenIsland.Waste.Features.Webhooks;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GreenIsland.Waste.Persistence.Migrations;

/// <summary>Oversight: webhook subscriptions and deliveries, management plans, declarations, tonnage projection.</summary>
[DbContext(typeof(WasteDbContext))]
[Migration("20261121180000_WasteOversight")]
internal sealed class WasteOversight : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var schema = WasteMigrationProvider.Schema(migrationBuilder);

        migrationBuilder.CreateTable(
            name: WebhookSubscription.Configuration.Table,
            schema: schema,
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                organisation_id = t.Column<Guid>(nullable: false),
                url = t.Column<string>(maxLength: WebhookSubscription.UrlMaxLength, nullable: false),
                description = t.Column<string>(maxLength: WebhookSubscription.DescriptionMaxLength, nullable: true),
                secret = t.Column<string>(maxLength: 100, nullable: false),
                is_active = t.Column<bool>(nullable: false),
                created_at = t.Column<DateTime>(nullable: false),
                created_by = t.Column<string>(maxLength: 200, nullable: false),
                deactivated_at = t.Column<DateTime>(nullable: true),
            },
            constraints: t => t.PrimaryKey("pk_waste_webhook_subscriptions", x => x.id));
        migrationBuilder.CreateIndex("ix_waste_webhook_subscriptions_organisation_id_is_active", WebhookSubscription.Configuration.Table, ["organisation_id", "is_active"], schema);

        migrationBuilder.CreateTable(
            name: WebhookDelivery.Configuration.Table,
            schema: schema,
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                subscription_id = t.Column<Guid>(nullable: false),
                organisation_id = t.Column<Guid>(nullable: false),
                event_id = t.Column<long>(nullable: false),
                manifest_id = t.Column<Guid>(nullable: false),
                event_type = t.Column<string>(maxLength: 64, nullable: false),
                body = t.Column<string>(nullable: false),
                status = t.Column<string>(maxLength: 16, nullable: false),
                attempts = t.Column<int>(nullable: false),
                next_attempt_at = t.Column<DateTime>(nullable: false),
                lease_until = t.Column<DateTime>(nullable: false),
                last_attempt_at = t.Column<DateTime>(nullable: true),
                last_status_code = t.Column<int>(nullable: true),
                last_error = t.Column<string>(maxLength: WebhookDelivery.ErrorMaxLength, nullable: true),
                delivered_at = t.Column<DateTime>(nullable: true),
                created_at = t.Column<DateTime>(nullable: false),
            },
            constraints: t => t.PrimaryKey("pk_waste_webhook_deliveries", x => x.id));
        migrationBuilder.CreateIndex("ix_waste_webhook_deliveries_subscription_id_event_id", WebhookDelivery.Configuration.Table, ["subscription_id", "event_id"], schema, unique: true);
        migrationBuilder.CreateIndex("ix_waste_webhook_deliveries_status_next_attempt_at", WebhookDelivery.Configuration.Table, ["status", "next_attempt_at"], schema);
        migrationBuilder.CreateIndex("ix_waste_webhook_deliveries_subscription_id_created_at", WebhookDelivery.Configuration.Table, ["subscription_id", "created_at"], schema);

        migrationBuilder.CreateTable(
            name: ManagementPlan.Configuration.Table,
            schema: schema,
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                organisation_id = t.Column<Guid>(nullable: false),
                district_id = t.Column<Guid>(nullable: false),
                town_id = t.Column<Guid>(nullable: false),
                year = t.Column<int>(nullable: false),
                status = t.Column<string>(maxLength: 16, nullable: false),
                reduction_measures = t.Column<string>(maxLength: ManagementPlan.TextMaxLength, nullable: false),
                storage_measures = t.Column<string>(maxLength: ManagementPlan.TextMaxLength, nullable: false),
                transfer_plan = t.Column<string>(maxLength: ManagementPlan.TextMaxLength, nullable: false),
                created_at = t.Column<DateTime>(nullable: false),
                updated_at = t.Column<DateTime>(nullable: false),
                updated_by = t.Column<string>(maxLength: 200, nullable: false),
                filed_at = t.Column<DateTime>(nullable: true),
                filed_by = t.Column<string>(maxLength: 200, nullable: true),
                is_demo = t.Column<bool>(nullable: false),
            },
            constraints: t => t.PrimaryKey("pk_waste_management_plans", x => x.id));
        migrationBuilder.CreateIndex("ix_waste_management_plans_organisation_id_year", ManagementPlan.Configuration.Table, ["organisation_id", "year"], schema, unique: true);
        migrationBuilder.CreateIndex("ix_waste_management_plans_district_id_year", ManagementPlan.Configuration.Table, ["district_id", "year"], schema);

        migrationBuilder.CreateTable(
            name: ManagementPlanLine.Configuration.Table,
            schema: schema,
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                plan_id = t.Column<Guid>(nullable: false),
                line_no = t.Column<int>(nullable: false),
                waste_code = t.Column<string>(maxLength: 16, nullable: false),
                waste_name = t.Column<string>(maxLength: 200, nullable: false),
                expected_g = t.Column<long>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_waste_management_plan_lines", x => x.id);
                t.ForeignKey("fk_waste_management_plan_lines_waste_management_plans_plan_id", x => x.plan_id, ManagementPlan.Configuration.Table, "id", schema, onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_waste_management_plan_lines_plan_id_line_no", ManagementPlanLine.Configuration.Table, ["plan_id", "line_no"], schema, unique: true);

        migrationBuilder.CreateTable(
            name: Declaration.Configuration.Table,
            schema: schema,
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                organisation_id = t.Column<Guid>(nullable: false),
                district_id = t.Column<Guid>(nullable: false),
                town_id = t.Column<Guid>(nullable: false),
                year = t.Column<int>(nullable: false),
                frequency = t.Column<string>(maxLength: 16, nullable: false),
                period_index = t.Column<int>(nullable: false),
                period_from = t.Column<DateOnly>(nullable: false),
                period_to = t.Column<DateOnly>(nullable: false),
                due_on = t.Column<DateOnly>(nullable: false),
                status = t.Column<string>(maxLength: 16, nullable: false),
                note = t.Column<string>(maxLength: Declaration.NoteMaxLength, nullable: true),
                created_at = t.Column<DateTime>(nullable: false),
                prefilled_at = t.Column<DateTime>(nullable: false),
                submitted_at = t.Column<DateTime>(nullable: true),
                submitted_by = t.Column<string>(maxLength: 200, nullable: true),
                is_demo = t.Column<bool>(nullable: false),
            },
            constraints: t => t.PrimaryKey("pk_waste_declarations", x => x.id));
        migrationBuilder.CreateIndex("ix_waste_declarations_organisation_id_year_period", Declaration.Configuration.Table, ["organisation_id", "year", "frequency", "period_index"], schema, unique: true);
        migrationBuilder.CreateIndex("ix_waste_declarations_district_id_due_on", Declaration.Configuration.Table, ["district_id", "due_on"], schema);

        migrationBuilder.CreateTable(
            name: DeclarationLine.Configuration.Table,
            schema: schema,
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                declaration_id = t.Column<Guid>(nullable: false),
                line_no = t.Column<int>(nullable: false),
                waste_code = t.Column<string>(maxLength: 16, nullable: false),
                waste_name = t.Column<string>(maxLength: 200, nullable: false),
                category = t.Column<string>(maxLength: 8, nullable: false),
                opening_g = t.Column<long>(nullable: false),
                generated_g = t.Column<long>(nullable: false),
                transferred_g = t.Column<long>(nullable: false),
                closing_g = t.Column<long>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_waste_declaration_lines", x => x.id);
                t.ForeignKey("fk_waste_declaration_lines_waste_declarations_declaration_id", x => x.declaration_id, Declaration.Configuration.Table, "id", schema, onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_waste_declaration_lines_declaration_id_line_no", DeclarationLine.Configuration.Table, ["declaration_id", "line_no"], schema, unique: true);

        migrationBuilder.CreateTable(
            name: TonnageFact.Configuration.Table,
            schema: schema,
            columns: t => new
            {
                manifest_id = t.Column<Guid>(nullable: false),
                category = t.Column<string>(maxLength: 8, nullable: false),
                manifest_version = t.Column<int>(nullable: false),
                month = t.Column<DateOnly>(nullable: false),
                generator_id = t.Column<Guid>(nullable: false),
                collector_id = t.Column<Guid>(nullable: false),
                district_id = t.Column<Guid>(nullable: false),
                town_id = t.Column<Guid>(nullable: false),
                accepted_g = t.Column<long>(nullable: false),
            },
            constraints: t => t.PrimaryKey("pk_waste_tonnage_facts", x => new { x.manifest_id, x.category }));
        migrationBuilder.CreateIndex("ix_waste_tonnage_facts_generator_id_month", TonnageFact.Configuration.Table, ["generator_id", "month"], schema);

        migrationBuilder.CreateTable(
            name: TonnageMonthly.Configuration.Table,
            schema: schema,
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                month = t.Column<DateOnly>(nullable: false),
                district_id = t.Column<Guid>(nullable: false),
                town_id = t.Column<Guid>(nullable: false),
                collector_id = t.Column<Guid>(nullable: false),
                category = t.Column<string>(maxLength: 8, nullable: false),
                accepted_g = t.Column<long>(nullable: false),
                manifests = t.Column<int>(nullable: false),
            },
            constraints: t => t.PrimaryKey("pk_waste_tonnage_monthly", x => x.id));
        migrationBuilder.CreateIndex("ix_waste_tonnage_monthly_cell", TonnageMonthly.Configuration.Table, ["month", "district_id", "town_id", "collector_id", "category"], schema, unique: true);
        migrationBuilder.CreateIndex("ix_waste_tonnage_monthly_district_id_month", TonnageMonthly.Configuration.Table, ["district_id", "month"], schema);
        migrationBuilder.CreateIndex("ix_waste_tonnage_monthly_collector_id_month", TonnageMonthly.Configuration.Table, ["collector_id", "month"], schema);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        var schema = WasteMigrationProvider.Schema(migrationBuilder);
        foreach (var table in new[]
                 {
                     TonnageMonthly.Configuration.Table, TonnageFact.Configuration.Table, DeclarationLine.Configuration.Table, Declaration.Configuration.Table,
                     ManagementPlanLine.Configuration.Table, ManagementPlan.Configuration.Table, WebhookDelivery.Configuration.Table, WebhookSubscription.Configuration.Table,
                 })
        {
            migrationBuilder.DropTable(table, schema);
        }
    }
}
