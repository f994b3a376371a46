using GreenIsland.Waste.Features.Alerts;
using GreenIsland.Waste.Features.Cabinets;
using GreenIsland.Waste.Features.Catalogue;
using GreenIsland.Waste.Features.Containers;
using GreenIsland.Waste.Features.PickupRequests;
using GreenIsland.Waste.Features.Rules;
using GreenIsland.Waste.Features.Streams;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GreenIsland.Waste.Persistence.Migrations;

/// <summary>waste-core: catalogue, streams, cabinets and compartments, containers, alerts, pickup requests, processed Telemetry events.</summary>
[DbContext(typeof(WasteDbContext))]
[Migration("20261121161000_CoreWasteTables")]
internal sealed class CoreWasteTables : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var schema = WasteMigrationProvider.Schema(migrationBuilder);

        migrationBuilder.CreateTable(
            name: CatalogueEdition.Configuration.Table,
            schema: schema,
            columns: t => new
            {
                code = t.Column<string>(maxLength: 8, nullable: false),
                name = t.Column<string>(maxLength: 200, nullable: false),
                effective_from = t.Column<DateOnly>(nullable: false),
                source = t.Column<string>(maxLength: 500, nullable: false),
                confidence = t.Column<string>(maxLength: 1, nullable: false),
            },
            constraints: t => t.PrimaryKey("pk_waste_catalogue_editions", x => x.code));

        migrationBuilder.CreateTable(
            name: WasteCategoryEntry.Configuration.Table,
            schema: schema,
            columns: t => new
            {
                edition = t.Column<string>(maxLength: 8, nullable: false),
                code = t.Column<string>(maxLength: 4, nullable: false),
                number = t.Column<int>(nullable: false),
                name = t.Column<string>(maxLength: 100, nullable: false),
                name_en = t.Column<string>(maxLength: 100, nullable: false),
                source = t.Column<string>(maxLength: 500, nullable: false),
                confidence = t.Column<string>(maxLength: 1, nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_waste_categories", x => new { x.edition, x.code });
                t.ForeignKey("fk_waste_categories_edition", x => x.edition, CatalogueEdition.Configuration.Table, "code", schema, onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: WasteCodeEntry.Configuration.Table,
            schema: schema,
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                edition = t.Column<string>(maxLength: 8, nullable: false),
                code = t.Column<string>(maxLength: 10, nullable: false),
                category_code = t.Column<string>(maxLength: 4, nullable: false),
                name = t.Column<string>(maxLength: 500, nullable: false),
                characteristics = t.Column<string>(maxLength: 16, nullable: false),
                exemption_note = t.Column<string>(maxLength: 1000, nullable: true),
                source = t.Column<string>(maxLength: 500, nullable: false),
                confidence = t.Column<string>(maxLength: 1, nullable: false),
                is_shipped = t.Column<bool>(nullable: false),
                updated_at = t.Column<DateTime>(nullable: false),
                updated_by = t.Column<string>(maxLength: 200, nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_waste_codes", x => x.id);
                t.ForeignKey("fk_waste_codes_edition_category_code", x => new { x.edition, x.category_code }, WasteCategoryEntry.Configuration.Table,
                    ["edition", "code"], schema, onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("ux_waste_codes_edition_code", WasteCodeEntry.Configuration.Table, ["edition", "code"], schema, unique: true);
        migrationBuilder.CreateIndex("ix_waste_codes_edition_category_code", WasteCodeEntry.Configuration.Table, ["edition", "category_code"], schema);

        migrationBuilder.CreateTable(
            name: WasteStream.Configuration.Table,
            schema: schema,
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                organisation_id = t.Column<Guid>(nullable: false),
                site_id = t.Column<Guid>(nullable: false),
                district_id = t.Column<Guid>(nullable: false),
                town_id = t.Column<Guid>(nullable: false),
                edition = t.Column<string>(maxLength: 8, nullable: false),
                waste_code = t.Column<string>(maxLength: 10, nullable: false),
                category_code = t.Column<string>(maxLength: 4, nullable: false),
                name = t.Column<string>(maxLength: 200, nullable: false),
                physical_form = t.Column<string>(maxLength: 16, nullable: false),
                characteristics = t.Column<string>(maxLength: 16, nullable: false),
                packaging = t.Column<string>(maxLength: 100, nullable: false),
                main_components = t.Column<string>(maxLength: 500, nullable: true),
                precautions = t.Column<string>(maxLength: 500, nullable: true),
                expected_annual_g = t.Column<long>(nullable: false),
                compatibility_group = t.Column<int>(nullable: false),
                is_active = t.Column<bool>(nullable: false),
                is_demo = t.Column<bool>(nullable: false),
                created_at = t.Column<DateTime>(nullable: false),
                created_by = t.Column<string>(maxLength: 200, nullable: false),
            },
            constraints: t => t.PrimaryKey("pk_waste_streams", x => x.id));
        migrationBuilder.CreateIndex("ix_waste_streams_organisation_id", WasteStream.Configuration.Table, "organisation_id", schema);
        migrationBuilder.CreateIndex("ix_waste_streams_site_id", WasteStream.Configuration.Table, "site_id", schema);

        migrationBuilder.CreateTable(
            name: Cabinet.Configuration.Table,
            schema: schema,
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                organisation_id = t.Column<Guid>(nullable: false),
                site_id = t.Column<Guid>(nullable: false),
                district_id = t.Column<Guid>(nullable: false),
                town_id = t.Column<Guid>(nullable: false),
                device_id = t.Column<Guid>(nullable: false),
                name = t.Column<string>(maxLength: 100, nullable: false),
                fill_ratio = t.Column<double>(nullable: true),
                temperature_c = t.Column<double>(nullable: true),
                voc_ppm = t.Column<double>(nullable: true),
                last_reading_at = t.Column<DateTime>(nullable: true),
                online = t.Column<bool>(nullable: true),
                online_changed_at = t.Column<DateTime>(nullable: true),
                fill_armed = t.Column<bool>(nullable: false),
                temperature_alarm = t.Column<bool>(nullable: false),
                voc_alarm = t.Column<bool>(nullable: false),
                temperature_max_c = t.Column<double>(nullable: true),
                voc_max_ppm = t.Column<double>(nullable: true),
                is_demo = t.Column<bool>(nullable: false),
                created_at = t.Column<DateTime>(nullable: false),
                created_by = t.Column<string>(maxLength: 200, nullable: false),
            },
            constraints: t => t.PrimaryKey("pk_waste_cabinets", x => x.id));
        migrationBuilder.CreateIndex("ux_waste_cabinets_device_id", Cabinet.Configuration.Table, "device_id", schema, unique: true);
        migrationBuilder.CreateIndex("ix_waste_cabinets_organisation_id", Cabinet.Configuration.Table, "organisation_id", schema);

        migrationBuilder.CreateTable(
            name: CabinetCompartment.Configuration.Table,
            schema: schema,
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                cabinet_id = t.Column<Guid>(nullable: false),
                number = t.Column<int>(nullable: false),
                name = t.Column<string>(maxLength: 50, nullable: false),
                capacity_litres = t.Column<int>(nullable: false),
                allowed_group = t.Column<int>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_waste_cabinet_compartments", x => x.id);
                t.ForeignKey("fk_waste_cabinet_compartments_cabinet_id", x => x.cabinet_id, Cabinet.Configuration.Table, "id", schema, onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ux_waste_cabinet_compartments_cabinet_id_number", CabinetCompartment.Configuration.Table, ["cabinet_id", "number"], schema, unique: true);

        migrationBuilder.CreateTable(
            name: WasteContainer.Configuration.Table,
            schema: schema,
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                code = t.Column<string>(maxLength: 40, nullable: false),
                organisation_id = t.Column<Guid>(nullable: false),
                site_id = t.Column<Guid>(nullable: false),
                district_id = t.Column<Guid>(nullable: false),
                town_id = t.Column<Guid>(nullable: false),
                stream_id = t.Column<Guid>(nullable: false),
                cabinet_id = t.Column<Guid>(nullable: false),
                compartment_id = t.Column<Guid>(nullable: false),
                edition = t.Column<string>(maxLength: 8, nullable: false),
                waste_code = t.Column<string>(maxLength: 10, nullable: false),
                category_code = t.Column<string>(maxLength: 4, nullable: false),
                waste_name = t.Column<string>(maxLength: 200, nullable: false),
                main_components = t.Column<string>(maxLength: 500, nullable: true),
                characteristics = t.Column<string>(maxLength: 16, nullable: false),
                precautions = t.Column<string>(maxLength: 500, nullable: true),
                physical_form = t.Column<string>(maxLength: 16, nullable: false),
                packaging = t.Column<string>(maxLength: 100, nullable: false),
                producer_name = t.Column<string>(maxLength: 200, nullable: false),
                contact_name = t.Column<string>(maxLength: 100, nullable: true),
                contact_phone = t.Column<string>(maxLength: 32, nullable: true),
                generated_on = t.Column<DateOnly>(nullable: false),
                weight_g = t.Column<long>(nullable: false),
                collected_weight_g = t.Column<long>(nullable: true),
                volume_litres = t.Column<int>(nullable: false),
                compatibility_group = t.Column<int>(nullable: false),
                state = t.Column<string>(maxLength: 16, nullable: false),
                deposited_at = t.Column<DateTime>(nullable: false),
                deposited_by = t.Column<string>(maxLength: 200, nullable: false),
                storage_limit_date = t.Column<DateOnly>(nullable: false),
                storage_warned_at = t.Column<DateTime>(nullable: true),
                storage_exceeded_at = t.Column<DateTime>(nullable: true),
                pickup_request_id = t.Column<Guid>(nullable: true),
                collected_at = t.Column<DateTime>(nullable: true),
                received_at = t.Column<DateTime>(nullable: true),
                disposed_at = t.Column<DateTime>(nullable: true),
                refused_at = t.Column<DateTime>(nullable: true),
                refusal_reason = t.Column<string>(maxLength: 500, nullable: true),
                is_demo = t.Column<bool>(nullable: false),
            },
            constraints: t => t.PrimaryKey("pk_waste_containers", x => x.id));
        migrationBuilder.CreateIndex("ux_waste_containers_code", WasteContainer.Configuration.Table, "code", schema, unique: true);
        migrationBuilder.CreateIndex("ix_waste_containers_cabinet_id_state", WasteContainer.Configuration.Table, ["cabinet_id", "state"], schema);
        migrationBuilder.CreateIndex("ix_waste_containers_organisation_id_state", WasteContainer.Configuration.Table, ["organisation_id", "state"], schema);
        migrationBuilder.CreateIndex("ix_waste_containers_state_storage_limit_date", WasteContainer.Configuration.Table, ["state", "storage_limit_date"], schema);

        migrationBuilder.CreateTable(
            name: WasteAlert.Configuration.Table,
            schema: schema,
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                organisation_id = t.Column<Guid>(nullable: false),
                site_id = t.Column<Guid>(nullable: true),
                district_id = t.Column<Guid>(nullable: false),
                town_id = t.Column<Guid>(nullable: false),
                cabinet_id = t.Column<Guid>(nullable: true),
                container_id = t.Column<Guid>(nullable: true),
                subject_id = t.Column<Guid>(nullable: true),
                kind = t.Column<string>(maxLength: 40, nullable: false),
                status = t.Column<string>(maxLength: 16, nullable: false),
                message = t.Column<string>(maxLength: 500, nullable: false),
                value = t.Column<double>(nullable: true),
                threshold = t.Column<double>(nullable: true),
                raised_at = t.Column<DateTime>(nullable: false),
                acknowledged_at = t.Column<DateTime>(nullable: true),
                acknowledged_by = t.Column<string>(maxLength: 200, nullable: true),
                closed_at = t.Column<DateTime>(nullable: true),
                closed_by = t.Column<string>(maxLength: 200, nullable: true),
                close_reason = t.Column<string>(maxLength: 500, nullable: true),
            },
            constraints: t => t.PrimaryKey("pk_waste_alerts", x => x.id));
        migrationBuilder.CreateIndex("ix_waste_alerts_organisation_id_status", WasteAlert.Configuration.Table, ["organisation_id", "status"], schema);
        migrationBuilder.CreateIndex("ix_waste_alerts_cabinet_id_kind_status", WasteAlert.Configuration.Table, ["cabinet_id", "kind", "status"], schema);
        migrationBuilder.CreateIndex("ix_waste_alerts_container_id_kind", WasteAlert.Configuration.Table, ["container_id", "kind"], schema);

        migrationBuilder.CreateTable(
            name: PickupRequest.Configuration.Table,
            schema: schema,
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                organisation_id = t.Column<Guid>(nullable: false),
                site_id = t.Column<Guid>(nullable: false),
                district_id = t.Column<Guid>(nullable: false),
                town_id = t.Column<Guid>(nullable: false),
                cabinet_id = t.Column<Guid>(nullable: true),
                collector_id = t.Column<Guid>(nullable: false),
                origin = t.Column<string>(maxLength: 16, nullable: false),
                status = t.Column<string>(maxLength: 16, nullable: false),
                fill_ratio_at_raise = t.Column<double>(nullable: true),
                note = t.Column<string>(maxLength: 500, nullable: true),
                raised_at = t.Column<DateTime>(nullable: false),
                raised_by = t.Column<string>(maxLength: 200, nullable: false),
                trip_id = t.Column<Guid>(nullable: true),
                planned_at = t.Column<DateTime>(nullable: true),
                collected_at = t.Column<DateTime>(nullable: true),
                cancelled_at = t.Column<DateTime>(nullable: true),
                cancel_reason = t.Column<string>(maxLength: 500, nullable: true),
            },
            constraints: t => t.PrimaryKey("pk_waste_pickup_requests", x => x.id));
        migrationBuilder.CreateIndex("ix_waste_pickup_requests_collector_id_status", PickupRequest.Configuration.Table, ["collector_id", "status"], schema);
        migrationBuilder.CreateIndex("ix_waste_pickup_requests_organisation_id", PickupRequest.Configuration.Table, "organisation_id", schema);
        migrationBuilder.CreateIndex("ux_waste_pickup_requests_active_cabinet", PickupRequest.Configuration.Table, "cabinet_id", schema, unique: true,
            filter: PickupRequest.Configuration.ActiveFilter);

        migrationBuilder.CreateTable(
            name: ProcessedEvent.Configuration.Table,
            schema: schema,
            columns: t => new
            {
                event_id = t.Column<Guid>(nullable: false),
                type = t.Column<string>(maxLength: 50, nullable: false),
                processed_at = t.Column<DateTime>(nullable: false),
            },
            constraints: t => t.PrimaryKey("pk_waste_processed_events", x => x.event_id));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        var schema = WasteMigrationProvider.Schema(migrationBuilder);
        foreach (var table in new[]
                 {
                     ProcessedEvent.Configuration.Table, PickupRequest.Configuration.Table, WasteAlert.Configuration.Table, WasteContainer.Configuration.Table,
                     CabinetCompartment.Configuration.Table, Cabinet.Configuration.Table, WasteStream.Configuration.Table, WasteCodeEntry.Configuration.Table,
                     WasteCategoryEntry.Configuration.Table, CatalogueEdition.Configuration.Table,
                 })
        {
            migrationBuilder.DropTable(table, schema);
        }
    }
}
