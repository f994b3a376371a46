using GreenIsland.Platform.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace GreenIsland.Platform.Persistence.Migrations;

/// <summary>
/// Hand-written (the EF design-time package is not available here) and provider-neutral: column types come from
/// the provider's default mapping of the CLR type and maximum length, exactly as in the model. The schema test
/// in the integration tests fails when this and the EF model disagree on either provider.
/// </summary>
[DbContext(typeof(PlatformDbContext))]
[Migration("20261121130000_InitialPlatform")]
internal sealed class InitialPlatform : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var schema = MigrationSchema.For(migrationBuilder, PlatformDbContext.Module);
        if (schema is not null)
        {
            migrationBuilder.EnsureSchema(schema);
        }

        migrationBuilder.CreateTable(
            name: "platform_jurisdictions",
            schema: schema,
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                code = table.Column<string>(maxLength: 12, nullable: false),
                name = table.Column<string>(maxLength: 100, nullable: false),
                name_en = table.Column<string>(maxLength: 100, nullable: false),
                level = table.Column<string>(maxLength: 16, nullable: false),
                parent_id = table.Column<Guid>(nullable: true),
                centre_latitude_deg = table.Column<double>(nullable: false),
                centre_longitude_deg = table.Column<double>(nullable: false),
                is_demo = table.Column<bool>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_platform_jurisdictions", x => x.id);
                table.ForeignKey("fk_platform_jurisdictions_parent_id", x => x.parent_id, "platform_jurisdictions", "id", schema, onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("ix_platform_jurisdictions_code", "platform_jurisdictions", "code", schema, unique: true);
        migrationBuilder.CreateIndex("ix_platform_jurisdictions_parent_id", "platform_jurisdictions", "parent_id", schema);

        migrationBuilder.CreateTable(
            name: "platform_organisations",
            schema: schema,
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                name = table.Column<string>(maxLength: 200, nullable: false),
                type = table.Column<string>(maxLength: 32, nullable: false),
                credit_code = table.Column<string>(maxLength: 18, nullable: false),
                town_id = table.Column<Guid>(nullable: false),
                district_id = table.Column<Guid>(nullable: false),
                supervised_jurisdiction_id = table.Column<Guid>(nullable: true),
                contact_name = table.Column<string>(maxLength: 100, nullable: true),
                contact_phone = table.Column<string>(maxLength: 32, nullable: true),
                is_demo = table.Column<bool>(nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
                updated_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_platform_organisations", x => x.id);
                table.ForeignKey("fk_platform_organisations_town_id", x => x.town_id, "platform_jurisdictions", "id", schema, onDelete: ReferentialAction.Restrict);
                table.ForeignKey("fk_platform_organisations_supervised_jurisdiction_id", x => x.supervised_jurisdiction_id, "platform_jurisdictions", "id", schema,
                    onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("ix_platform_organisations_credit_code", "platform_organisations", "credit_code", schema, unique: true);
        migrationBuilder.CreateIndex("ix_platform_organisations_district_id", "platform_organisations", "district_id", schema);
        migrationBuilder.CreateIndex("ix_platform_organisations_supervised_jurisdiction_id", "platform_organisations", "supervised_jurisdiction_id", schema);
        migrationBuilder.CreateIndex("ix_platform_organisations_town_id", "platform_organisations", "town_id", schema);
        migrationBuilder.CreateIndex("ix_platform_organisations_type", "platform_organisations", "type", schema);

        migrationBuilder.CreateTable(
            name: "platform_sites",
            schema: schema,
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                organisation_id = table.Column<Guid>(nullable: false),
                name = table.Column<string>(maxLength: 200, nullable: false),
                address = table.Column<string>(maxLength: 300, nullable: false),
                town_id = table.Column<Guid>(nullable: false),
                district_id = table.Column<Guid>(nullable: false),
                latitude_deg = table.Column<double>(nullable: false),
                longitude_deg = table.Column<double>(nullable: false),
                industry_class_code = table.Column<string>(maxLength: 8, nullable: false),
                is_demo = table.Column<bool>(nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
                updated_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_platform_sites", x => x.id);
                table.ForeignKey("fk_platform_sites_organisation_id", x => x.organisation_id, "platform_organisations", "id", schema, onDelete: ReferentialAction.Restrict);
                table.ForeignKey("fk_platform_sites_town_id", x => x.town_id, "platform_jurisdictions", "id", schema, onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("ix_platform_sites_district_id", "platform_sites", "district_id", schema);
        migrationBuilder.CreateIndex("ix_platform_sites_organisation_id", "platform_sites", "organisation_id", schema);
        migrationBuilder.CreateIndex("ix_platform_sites_town_id", "platform_sites", "town_id", schema);

        CreateIdentityTables(migrationBuilder, schema);

        migrationBuilder.CreateTable(
            name: "platform_devices",
            schema: schema,
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                organisation_id = table.Column<Guid>(nullable: false),
                site_id = table.Column<Guid>(nullable: false),
                name = table.Column<string>(maxLength: 100, nullable: false),
                kind = table.Column<string>(maxLength: 50, nullable: false),
                is_demo = table.Column<bool>(nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_platform_devices", x => x.id);
                table.ForeignKey("fk_platform_devices_site_id", x => x.site_id, "platform_sites", "id", schema, onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("ix_platform_devices_organisation_id", "platform_devices", "organisation_id", schema);
        migrationBuilder.CreateIndex("ix_platform_devices_site_id", "platform_devices", "site_id", schema);

        migrationBuilder.CreateTable(
            name: "platform_device_keys",
            schema: schema,
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                device_id = table.Column<Guid>(nullable: false),
                prefix = table.Column<string>(maxLength: 12, nullable: false),
                hash = table.Column<string>(maxLength: 64, nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
                revoked_at = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_platform_device_keys", x => x.id);
                table.ForeignKey("fk_platform_device_keys_device_id", x => x.device_id, "platform_devices", "id", schema, onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_platform_device_keys_device_id", "platform_device_keys", "device_id", schema);
        migrationBuilder.CreateIndex("ix_platform_device_keys_prefix", "platform_device_keys", "prefix", schema, unique: true);

        migrationBuilder.CreateTable(
            name: LedgerModel.EntriesTable,
            schema: schema,
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                stream = table.Column<string>(maxLength: 200, nullable: false),
                sequence = table.Column<long>(nullable: false),
                type = table.Column<string>(maxLength: 100, nullable: false),
                occurred_at = table.Column<DateTime>(nullable: false),
                actor = table.Column<string>(maxLength: 200, nullable: false),
                organisation_id = table.Column<Guid>(nullable: true),
                payload = table.Column<string>(nullable: false),
                previous_hash = table.Column<string>(maxLength: 64, nullable: false),
                hash = table.Column<string>(maxLength: 64, nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_platform_ledger_entries", x => x.id));
        migrationBuilder.CreateIndex("ix_platform_ledger_entries_stream_sequence", LedgerModel.EntriesTable, ["stream", "sequence"], schema, unique: true);
        migrationBuilder.CreateIndex("ix_platform_ledger_entries_organisation_id", LedgerModel.EntriesTable, "organisation_id", schema);

        migrationBuilder.CreateTable(
            name: LedgerModel.HeadsTable,
            schema: schema,
            columns: table => new
            {
                stream = table.Column<string>(maxLength: 200, nullable: false),
                sequence = table.Column<long>(nullable: false),
                hash = table.Column<string>(maxLength: 64, nullable: false),
                updated_at = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_platform_ledger_heads", x => x.stream));

        LedgerAppendOnly.Create(migrationBuilder, schema);
        SeedRoles(migrationBuilder, schema);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        var schema = MigrationSchema.For(migrationBuilder, PlatformDbContext.Module);
        LedgerAppendOnly.Drop(migrationBuilder, schema);
        foreach (var table in new[]
                 {
                     LedgerModel.HeadsTable, LedgerModel.EntriesTable, "platform_device_keys", "platform_devices", "platform_user_tokens",
                     "platform_user_logins", "platform_user_claims", "platform_user_roles", "platform_role_claims", "platform_users", "platform_roles",
                     "platform_sites", "platform_organisations", "platform_jurisdictions",
                 })
        {
            migrationBuilder.DropTable(table, schema);
        }
    }

    private static void CreateIdentityTables(MigrationBuilder migrationBuilder, string? schema)
    {
        migrationBuilder.CreateTable(
            name: "platform_roles",
            schema: schema,
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                name = table.Column<string>(maxLength: 256, nullable: true),
                normalized_name = table.Column<string>(maxLength: 256, nullable: true),
                concurrency_stamp = table.Column<string>(nullable: true),
            },
            constraints: table => table.PrimaryKey("pk_platform_roles", x => x.id));
        migrationBuilder.CreateIndex("ix_platform_roles_normalized_name", "platform_roles", "normalized_name", schema, unique: true);

        migrationBuilder.CreateTable(
            name: "platform_users",
            schema: schema,
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                organisation_id = table.Column<Guid>(nullable: false),
                display_name = table.Column<string>(maxLength: 100, nullable: false),
                is_active = table.Column<bool>(nullable: false),
                must_change_password = table.Column<bool>(nullable: false),
                is_demo = table.Column<bool>(nullable: false),
                created_at = table.Column<DateTime>(nullable: false),
                user_name = table.Column<string>(maxLength: 256, nullable: true),
                normalized_user_name = table.Column<string>(maxLength: 256, nullable: true),
                email = table.Column<string>(maxLength: 256, nullable: true),
                normalized_email = table.Column<string>(maxLength: 256, nullable: true),
                email_confirmed = table.Column<bool>(nullable: false),
                password_hash = table.Column<string>(nullable: true),
                security_stamp = table.Column<string>(nullable: true),
                concurrency_stamp = table.Column<string>(nullable: true),
                phone_number = table.Column<string>(nullable: true),
                phone_number_confirmed = table.Column<bool>(nullable: false),
                two_factor_enabled = table.Column<bool>(nullable: false),
                lockout_end = table.Column<DateTimeOffset>(nullable: true),
                lockout_enabled = table.Column<bool>(nullable: false),
                access_failed_count = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_platform_users", x => x.id);
                table.ForeignKey("fk_platform_users_organisation_id", x => x.organisation_id, "platform_organisations", "id", schema, onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("ix_platform_users_normalized_email", "platform_users", "normalized_email", schema);
        migrationBuilder.CreateIndex("ix_platform_users_normalized_user_name", "platform_users", "normalized_user_name", schema, unique: true);
        migrationBuilder.CreateIndex("ix_platform_users_organisation_id", "platform_users", "organisation_id", schema);

        migrationBuilder.CreateTable(
            name: "platform_role_claims",
            schema: schema,
            columns: table => new
            {
                id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                role_id = table.Column<Guid>(nullable: false),
                claim_type = table.Column<string>(nullable: true),
                claim_value = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_platform_role_claims", x => x.id);
                table.ForeignKey("fk_platform_role_claims_role_id", x => x.role_id, "platform_roles", "id", schema, onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_platform_role_claims_role_id", "platform_role_claims", "role_id", schema);

        migrationBuilder.CreateTable(
            name: "platform_user_claims",
            schema: schema,
            columns: table => new
            {
                id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                user_id = table.Column<Guid>(nullable: false),
                claim_type = table.Column<string>(nullable: true),
                claim_value = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_platform_user_claims", x => x.id);
                table.ForeignKey("fk_platform_user_claims_user_id", x => x.user_id, "platform_users", "id", schema, onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_platform_user_claims_user_id", "platform_user_claims", "user_id", schema);

        migrationBuilder.CreateTable(
            name: "platform_user_logins",
            schema: schema,
            columns: table => new
            {
                login_provider = table.Column<string>(nullable: false),
                provider_key = table.Column<string>(nullable: false),
                provider_display_name = table.Column<string>(nullable: true),
                user_id = table.Column<Guid>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_platform_user_logins", x => new { x.login_provider, x.provider_key });
                table.ForeignKey("fk_platform_user_logins_user_id", x => x.user_id, "platform_users", "id", schema, onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_platform_user_logins_user_id", "platform_user_logins", "user_id", schema);

        migrationBuilder.CreateTable(
            name: "platform_user_roles",
            schema: schema,
            columns: table => new
            {
                user_id = table.Column<Guid>(nullable: false),
                role_id = table.Column<Guid>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_platform_user_roles", x => new { x.user_id, x.role_id });
                table.ForeignKey("fk_platform_user_roles_role_id", x => x.role_id, "platform_roles", "id", schema, onDelete: ReferentialAction.Cascade);
                table.ForeignKey("fk_platform_user_roles_user_id", x => x.user_id, "platform_users", "id", schema, onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_platform_user_roles_role_id", "platform_user_roles", "role_id", schema);

        migrationBuilder.CreateTable(
            name: "platform_user_tokens",
            schema: schema,
            columns: table => new
            {
                user_id = table.Column<Guid>(nullable: false),
                login_provider = table.Column<string>(nullable: false),
                name = table.Column<string>(nullable: false),
                value = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_platform_user_tokens", x => new { x.user_id, x.login_provider, x.name });
                table.ForeignKey("fk_platform_user_tokens_user_id", x => x.user_id, "platform_users", "id", schema, onDelete: ReferentialAction.Cascade);
            });
    }

    private static void SeedRoles(MigrationBuilder migrationBuilder, string? schema)
    {
        // Fixed ids so every installation agrees; names match PlatformRoles.
        (string Id, string Name)[] roles =
        [
            ("0193f000-0000-7000-8000-000000000001", "PlatformAdmin"),
            ("0193f000-0000-7000-8000-000000000002", "Regulator"),
            ("0193f000-0000-7000-8000-000000000003", "EnterpriseAdmin"),
            ("0193f000-0000-7000-8000-000000000004", "EnterpriseStaff"),
            ("0193f000-0000-7000-8000-000000000005", "CollectorDispatcher"),
            ("0193f000-0000-7000-8000-000000000006", "Driver"),
            ("0193f000-0000-7000-8000-000000000007", "DisposalOperator"),
        ];
        // No model snapshot exists, so column types are spelled out for each provider.
        string[] columnTypes = migrationBuilder.IsNpgsql()
            ? ["uuid", "character varying(256)", "character varying(256)", "text"]
            : ["TEXT", "TEXT", "TEXT", "TEXT"];
        foreach (var (id, name) in roles)
        {
            migrationBuilder.InsertData(
                table: "platform_roles",
                schema: schema,
                columns: ["id", "name", "normalized_name", "concurrency_stamp"],
                columnTypes: columnTypes,
                values: [Guid.Parse(id), name, name.ToUpperInvariant(), id]);
        }
    }
}
