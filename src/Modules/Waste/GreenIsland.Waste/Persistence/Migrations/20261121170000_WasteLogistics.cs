using GreenIsland.Waste.Features.Dispatch;
using GreenIsland.Waste.Features.Driver;
using GreenIsland.Waste.Features.Manifests;
using GreenIsland.Waste.Features.Vehicles;
using GreenIsland.Waste.Features.Warehouse;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace GreenIsland.Waste.Persistence.Migrations;

/// <summary>Vehicles, trips and stops, driver actions, manifests (lines, events) and warehouse movements (waste-logistics).</summary>
[DbContext(typeof(WasteDbContext))]
[Migration("20261121170000_WasteLogistics")]
internal sealed class WasteLogistics : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var schema = WasteMigrationProvider.Schema(migrationBuilder);

        migrationBuilder.CreateTable(
            name: Vehicle.Configuration.Table,
            schema: schema,
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                organisation_id = t.Column<Guid>(nullable: false),
                district_id = t.Column<Guid>(nullable: false),
                town_id = t.Column<Guid>(nullable: false),
                plate = t.Column<string>(maxLength: Vehicle.PlateMaxLength, nullable: false),
                permit_number = t.Column<string>(maxLength: Vehicle.PermitMaxLength, nullable: false),
                permitted_categories = t.Column<string>(maxLength: 200, nullable: false),
                capacity_kg = t.Column<int>(nullable: false),
                shift_start = t.Column<TimeOnly>(nullable: false),
                shift_end = t.Column<TimeOnly>(nullable: false),
                depot_site_id = t.Column<Guid>(nullable: false),
                depot_latitude = t.Column<double>(nullable: false),
                depot_longitude = t.Column<double>(nullable: false),
                is_active = t.Column<bool>(nullable: false),
                created_at = t.Column<DateTime>(nullable: false),
                created_by = t.Column<string>(maxLength: 200, nullable: false),
            },
            constraints: t => t.PrimaryKey("pk_waste_vehicles", x => x.id));
        migrationBuilder.CreateIndex("ux_waste_vehicles_organisation_id_plate", Vehicle.Configuration.Table, ["organisation_id", "plate"], schema, unique: true);

        migrationBuilder.CreateTable(
            name: VehicleCompartment.Configuration.Table,
            schema: schema,
            columns: t => new
            {
                vehicle_id = t.Column<Guid>(nullable: false),
                position = t.Column<int>(nullable: false),
                capacity_kg = t.Column<int>(nullable: false),
                allowed_groups = t.Column<string>(maxLength: 200, nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_waste_vehicle_compartments", x => new { x.vehicle_id, x.position });
                t.ForeignKey("fk_waste_vehicle_compartments_vehicle_id", x => x.vehicle_id, Vehicle.Configuration.Table, "id", schema, onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: Trip.Configuration.Table,
            schema: schema,
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                organisation_id = t.Column<Guid>(nullable: false),
                district_id = t.Column<Guid>(nullable: false),
                town_id = t.Column<Guid>(nullable: false),
                code = t.Column<string>(maxLength: Trip.CodeMaxLength, nullable: false),
                plan_date = t.Column<DateOnly>(nullable: false),
                vehicle_id = t.Column<Guid>(nullable: false),
                vehicle_plate = t.Column<string>(maxLength: 16, nullable: false),
                receiver_organisation_id = t.Column<Guid>(nullable: false),
                receiver_name = t.Column<string>(maxLength: 200, nullable: false),
                driver_user_id = t.Column<Guid>(nullable: true),
                driver_name = t.Column<string>(maxLength: 200, nullable: true),
                status = t.Column<string>(maxLength: 16, nullable: false),
                locked = t.Column<bool>(nullable: false),
                distance_m = t.Column<long>(nullable: false),
                planned_start = t.Column<TimeOnly>(nullable: false),
                planned_end = t.Column<TimeOnly>(nullable: false),
                created_at = t.Column<DateTime>(nullable: false),
                created_by = t.Column<string>(maxLength: 200, nullable: false),
                published_at = t.Column<DateTime>(nullable: true),
                completed_at = t.Column<DateTime>(nullable: true),
            },
            constraints: t => t.PrimaryKey("pk_waste_trips", x => x.id));
        migrationBuilder.CreateIndex("ix_waste_trips_organisation_id_plan_date", Trip.Configuration.Table, ["organisation_id", "plan_date"], schema);
        migrationBuilder.CreateIndex("ix_waste_trips_driver_user_id_plan_date", Trip.Configuration.Table, ["driver_user_id", "plan_date"], schema);
        migrationBuilder.CreateIndex("ux_waste_trips_organisation_id_code", Trip.Configuration.Table, ["organisation_id", "code"], schema, unique: true);

        migrationBuilder.CreateTable(
            name: TripStop.Configuration.Table,
            schema: schema,
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                trip_id = t.Column<Guid>(nullable: false),
                sequence = t.Column<int>(nullable: false),
                pickup_request_id = t.Column<Guid>(nullable: false),
                organisation_id = t.Column<Guid>(nullable: false),
                district_id = t.Column<Guid>(nullable: false),
                town_id = t.Column<Guid>(nullable: false),
                carrier_id = t.Column<Guid>(nullable: true),
                receiver_id = t.Column<Guid>(nullable: true),
                generator_name = t.Column<string>(maxLength: 200, nullable: false),
                site_id = t.Column<Guid>(nullable: false),
                site_name = t.Column<string>(maxLength: 200, nullable: false),
                address = t.Column<string>(maxLength: 500, nullable: false),
                latitude = t.Column<double>(nullable: false),
                longitude = t.Column<double>(nullable: false),
                estimated_g = t.Column<long>(nullable: false),
                categories = t.Column<string>(maxLength: 200, nullable: false),
                groups = t.Column<string>(maxLength: 200, nullable: false),
                opening_hours = t.Column<string>(maxLength: 200, nullable: false),
                planned_arrival = t.Column<TimeOnly>(nullable: false),
                status = t.Column<string>(maxLength: 16, nullable: false),
                security_code = t.Column<string>(maxLength: 8, nullable: true),
                confirmed_at = t.Column<DateTime>(nullable: true),
                confirmed_by = t.Column<string>(maxLength: 200, nullable: true),
                confirmation_method = t.Column<string>(maxLength: 16, nullable: true),
                manifest_id = t.Column<Guid>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_waste_trip_stops", x => x.id);
                t.ForeignKey("fk_waste_trip_stops_trip_id", x => x.trip_id, Trip.Configuration.Table, "id", schema, onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_waste_trip_stops_trip_id_sequence", TripStop.Configuration.Table, ["trip_id", "sequence"], schema);
        migrationBuilder.CreateIndex("ix_waste_trip_stops_pickup_request_id", TripStop.Configuration.Table, ["pickup_request_id"], schema);
        migrationBuilder.CreateIndex("ix_waste_trip_stops_organisation_id", TripStop.Configuration.Table, ["organisation_id"], schema);

        migrationBuilder.CreateTable(
            name: StopItem.Configuration.Table,
            schema: schema,
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                stop_id = t.Column<Guid>(nullable: false),
                container_id = t.Column<Guid>(nullable: false),
                container_code = t.Column<string>(maxLength: 64, nullable: false),
                waste_code = t.Column<string>(maxLength: 16, nullable: false),
                waste_name = t.Column<string>(maxLength: 200, nullable: false),
                category = t.Column<string>(maxLength: 8, nullable: false),
                characteristics = t.Column<string>(maxLength: 32, nullable: false),
                physical_form = t.Column<string>(maxLength: 64, nullable: false),
                packaging = t.Column<string>(maxLength: 64, nullable: false),
                weight_g = t.Column<long>(nullable: false),
                weighed_at = t.Column<DateTime>(nullable: false),
                weighed_by = t.Column<string>(maxLength: 200, nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_waste_stop_items", x => x.id);
                t.ForeignKey("fk_waste_stop_items_stop_id", x => x.stop_id, TripStop.Configuration.Table, "id", schema, onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ux_waste_stop_items_stop_id_container_id", StopItem.Configuration.Table, ["stop_id", "container_id"], schema, unique: true);
        migrationBuilder.CreateIndex("ix_waste_stop_items_container_id", StopItem.Configuration.Table, ["container_id"], schema);

        migrationBuilder.CreateTable(
            name: DriverAction.Configuration.Table,
            schema: schema,
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                user_id = t.Column<Guid>(nullable: false),
                key = t.Column<string>(maxLength: DriverAction.KeyMaxLength, nullable: false),
                action = t.Column<string>(maxLength: 100, nullable: false),
                status_code = t.Column<int>(nullable: false),
                response_json = t.Column<string>(nullable: false),
                created_at = t.Column<DateTime>(nullable: false),
            },
            constraints: t => t.PrimaryKey("pk_waste_driver_actions", x => x.id));
        migrationBuilder.CreateIndex("ux_waste_driver_actions_user_id_key", DriverAction.Configuration.Table, ["user_id", "key"], schema, unique: true);

        migrationBuilder.CreateTable(
            name: ManifestConfiguration.Table,
            schema: schema,
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                number = t.Column<string>(maxLength: 14, nullable: false),
                version = t.Column<int>(nullable: false),
                status = t.Column<string>(maxLength: 24, nullable: false),
                trip_id = t.Column<Guid>(nullable: true),
                organisation_id = t.Column<Guid>(nullable: false),
                generator_site_id = t.Column<Guid>(nullable: true),
                generator_name = t.Column<string>(maxLength: 200, nullable: false),
                district_id = t.Column<Guid>(nullable: false),
                town_id = t.Column<Guid>(nullable: false),
                carrier_id = t.Column<Guid>(nullable: true),
                carrier_name = t.Column<string>(maxLength: 200, nullable: false),
                vehicle_id = t.Column<Guid>(nullable: true),
                vehicle_plate = t.Column<string>(maxLength: 16, nullable: false),
                vehicle_permit_number = t.Column<string>(maxLength: 64, nullable: false),
                receiver_id = t.Column<Guid>(nullable: true),
                receiver_name = t.Column<string>(maxLength: 200, nullable: false),
                created_at = t.Column<DateTime>(nullable: false),
                created_by = t.Column<string>(maxLength: 200, nullable: false),
                generator_signed_at = t.Column<DateTime>(nullable: true),
                generator_signed_by = t.Column<string>(maxLength: 200, nullable: true),
                generator_signature_method = t.Column<string>(maxLength: 16, nullable: true),
                carrier_signed_at = t.Column<DateTime>(nullable: true),
                carrier_signed_by = t.Column<string>(maxLength: 200, nullable: true),
                received_at = t.Column<DateTime>(nullable: true),
                received_by = t.Column<string>(maxLength: 200, nullable: true),
                confirmation_deadline = t.Column<DateOnly>(nullable: true),
                confirmation_deadline_provisional = t.Column<bool>(nullable: false),
                decided_at = t.Column<DateTime>(nullable: true),
                decided_by = t.Column<string>(maxLength: 200, nullable: true),
                refusal_reason = t.Column<string>(maxLength: 1000, nullable: true),
                disposed_at = t.Column<DateTime>(nullable: true),
                disposed_by = t.Column<string>(maxLength: 200, nullable: true),
                disposal_method = t.Column<string>(maxLength: 200, nullable: true),
                cancelled_at = t.Column<DateTime>(nullable: true),
                cancelled_by = t.Column<string>(maxLength: 200, nullable: true),
                cancel_reason = t.Column<string>(maxLength: 1000, nullable: true),
                has_discrepancy = t.Column<bool>(nullable: false),
                tolerance_percent = t.Column<decimal>(precision: 5, scale: 2, nullable: true),
                overdue_alerted_at = t.Column<DateTime>(nullable: true),
            },
            constraints: t => t.PrimaryKey("pk_waste_manifests", x => x.id));
        migrationBuilder.CreateIndex("ux_waste_manifests_number", ManifestConfiguration.Table, ["number"], schema, unique: true);
        migrationBuilder.CreateIndex("ix_waste_manifests_organisation_id", ManifestConfiguration.Table, ["organisation_id"], schema);
        migrationBuilder.CreateIndex("ix_waste_manifests_trip_id", ManifestConfiguration.Table, ["trip_id"], schema);
        migrationBuilder.CreateIndex("ix_waste_manifests_receiver_id_status", ManifestConfiguration.Table, ["receiver_id", "status"], schema);
        migrationBuilder.CreateIndex("ix_waste_manifests_carrier_id_status", ManifestConfiguration.Table, ["carrier_id", "status"], schema);

        migrationBuilder.CreateTable(
            name: ManifestLineConfiguration.Table,
            schema: schema,
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                manifest_id = t.Column<Guid>(nullable: false),
                line_no = t.Column<int>(nullable: false),
                waste_code = t.Column<string>(maxLength: 16, nullable: false),
                waste_name = t.Column<string>(maxLength: 200, nullable: false),
                category = t.Column<string>(maxLength: 8, nullable: false),
                characteristics = t.Column<string>(maxLength: 32, nullable: false),
                physical_form = t.Column<string>(maxLength: 64, nullable: false),
                packaging = t.Column<string>(maxLength: 64, nullable: false),
                container_count = t.Column<int>(nullable: false),
                quantity_g = t.Column<long>(nullable: false),
                measured = t.Column<bool>(nullable: false),
                received_quantity_g = t.Column<long>(nullable: true),
                accepted_quantity_g = t.Column<long>(nullable: true),
                deviation_percent = t.Column<decimal>(precision: 9, scale: 2, nullable: true),
                discrepancy = t.Column<bool>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_waste_manifest_lines", x => x.id);
                t.ForeignKey("fk_waste_manifest_lines_manifest_id", x => x.manifest_id, ManifestConfiguration.Table, "id", schema, onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ux_waste_manifest_lines_manifest_id_line_no", ManifestLineConfiguration.Table, ["manifest_id", "line_no"], schema, unique: true);

        migrationBuilder.CreateTable(
            name: ManifestContainer.Configuration.Table,
            schema: schema,
            columns: t => new
            {
                manifest_id = t.Column<Guid>(nullable: false),
                container_id = t.Column<Guid>(nullable: false),
                container_code = t.Column<string>(maxLength: 64, nullable: false),
                line_no = t.Column<int>(nullable: false),
                shipped_g = t.Column<long>(nullable: false),
                received_g = t.Column<long>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_waste_manifest_containers", x => new { x.manifest_id, x.container_id });
                t.ForeignKey("fk_waste_manifest_containers_manifest_id", x => x.manifest_id, ManifestConfiguration.Table, "id", schema, onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_waste_manifest_containers_container_id", ManifestContainer.Configuration.Table, ["container_id"], schema);

        migrationBuilder.CreateTable(
            name: ManifestEvent.Configuration.Table,
            schema: schema,
            columns: t => new
            {
                id = t.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                manifest_id = t.Column<Guid>(nullable: false),
                number = t.Column<string>(maxLength: 14, nullable: false),
                version = t.Column<int>(nullable: false),
                type = t.Column<string>(maxLength: 32, nullable: false),
                from_status = t.Column<string>(maxLength: 24, nullable: true),
                to_status = t.Column<string>(maxLength: 24, nullable: false),
                at = t.Column<DateTime>(nullable: false),
                recorded_at = t.Column<DateTime>(nullable: false),
                actor = t.Column<string>(maxLength: 200, nullable: false),
                payload_json = t.Column<string>(nullable: false),
                organisation_id = t.Column<Guid>(nullable: false),
                district_id = t.Column<Guid>(nullable: false),
                town_id = t.Column<Guid>(nullable: false),
                carrier_id = t.Column<Guid>(nullable: true),
                receiver_id = t.Column<Guid>(nullable: true),
            },
            constraints: t => t.PrimaryKey("pk_waste_manifest_events", x => x.id));
        migrationBuilder.CreateIndex("ix_waste_manifest_events_manifest_id", ManifestEvent.Configuration.Table, ["manifest_id"], schema);

        migrationBuilder.CreateTable(
            name: WarehouseMovement.Configuration.Table,
            schema: schema,
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                organisation_id = t.Column<Guid>(nullable: false),
                district_id = t.Column<Guid>(nullable: false),
                town_id = t.Column<Guid>(nullable: false),
                generator_id = t.Column<Guid>(nullable: false),
                container_id = t.Column<Guid>(nullable: false),
                container_code = t.Column<string>(maxLength: 64, nullable: false),
                kind = t.Column<string>(maxLength: 24, nullable: false),
                weight_g = t.Column<long>(nullable: false),
                at = t.Column<DateTime>(nullable: false),
                manifest_id = t.Column<Guid>(nullable: true),
                reason = t.Column<string>(maxLength: WarehouseMovement.ReasonMaxLength, nullable: true),
                recorded_at = t.Column<DateTime>(nullable: false),
                recorded_by = t.Column<string>(maxLength: 200, nullable: false),
            },
            constraints: t => t.PrimaryKey("pk_waste_warehouse_movements", x => x.id));
        migrationBuilder.CreateIndex("ix_waste_warehouse_movements_organisation_id_at", WarehouseMovement.Configuration.Table, ["organisation_id", "at"], schema);
        migrationBuilder.CreateIndex("ix_waste_warehouse_movements_container_id", WarehouseMovement.Configuration.Table, ["container_id"], schema);

        migrationBuilder.CreateTable(
            name: SiteOpeningHours.Configuration.Table,
            schema: schema,
            columns: t => new
            {
                site_id = t.Column<Guid>(nullable: false),
                organisation_id = t.Column<Guid>(nullable: false),
                district_id = t.Column<Guid>(nullable: false),
                town_id = t.Column<Guid>(nullable: false),
                hours = t.Column<string>(maxLength: 500, nullable: false),
                updated_at = t.Column<DateTime>(nullable: false),
                updated_by = t.Column<string>(maxLength: 200, nullable: false),
            },
            constraints: t => t.PrimaryKey("pk_waste_site_opening_hours", x => x.site_id));
        migrationBuilder.CreateIndex("ix_waste_site_opening_hours_organisation_id", SiteOpeningHours.Configuration.Table, ["organisation_id"], schema);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        var schema = WasteMigrationProvider.Schema(migrationBuilder);
        foreach (var table in new[]
        {
            SiteOpeningHours.Configuration.Table, WarehouseMovement.Configuration.Table, ManifestEvent.Configuration.Table, ManifestContainer.Configuration.Table, ManifestLineConfiguration.Table, ManifestConfiguration.Table,
            DriverAction.Configuration.Table, StopItem.Configuration.Table, TripStop.Configuration.Table, Trip.Configuration.Table,
            VehicleCompartment.Configuration.Table, Vehicle.Configuration.Table,
        })
        {
            migrationBuilder.DropTable(table, schema);
        }
    }
}
