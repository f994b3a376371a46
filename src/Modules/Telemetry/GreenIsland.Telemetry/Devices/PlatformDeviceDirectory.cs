using System.Data.Common;
using GreenIsland.Telemetry.Ingest;
using GreenIsland.Telemetry.Persistence;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace GreenIsland.Telemetry.Devices;

internal sealed record PlatformDevice(Guid DeviceId, Guid OrganisationId, Guid SiteId, Guid? DistrictId, Guid? TownId, string Name, string Kind, bool IsDemo);

/// <summary>
/// Reads a platform device (organisation, site, jurisdiction, kind) so Telemetry can register it.
/// </summary>
/// <remarks>
/// Interim adapter: Platform.Contracts does not (yet) expose a device directory, so this reads the platform's
/// device and site tables read-only with SQL. It is the single place to switch to a platform contract
/// (e.g. <c>IDeviceDirectory</c>) once one exists; nothing else in Telemetry touches platform tables.
/// </remarks>
internal sealed class PlatformDeviceDirectory(TelemetryDatabase database)
{
    public async Task<PlatformDevice?> FindAsync(Guid deviceId, CancellationToken cancellationToken)
    {
        if (database.IsPostgres)
        {
            await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
            await using var command = new NpgsqlCommand(Sql("platform."), connection);
            command.Parameters.Add(new NpgsqlParameter<Guid>("id", deviceId));
            return await ReadAsync(command, cancellationToken);
        }

        await using var sqlite = await SqliteReadingStore.OpenAsync(database.ConnectionString, cancellationToken);
        await using var sqliteCommand = sqlite.CreateCommand();
        sqliteCommand.CommandText = Sql(string.Empty).Replace("@id", "$id", StringComparison.Ordinal);
        sqliteCommand.Parameters.Add("$id", SqliteType.Text).Value = deviceId;
        return await ReadAsync(sqliteCommand, cancellationToken);
    }

    /// <summary>Devices registered in the platform at or after <paramref name="sinceUtc"/>, oldest first, with their creation time.</summary>
    public async Task<List<(PlatformDevice Device, DateTime CreatedAt)>> ListCreatedSinceAsync(DateTime sinceUtc, CancellationToken cancellationToken)
    {
        const string Where = "WHERE d.created_at >= @since ORDER BY d.created_at";
        if (database.IsPostgres)
        {
            await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
            await using var command = new NpgsqlCommand(Select("platform.") + Where, connection);
            command.Parameters.Add(new NpgsqlParameter<DateTime>("since", sinceUtc));
            return await ReadAllAsync(command, cancellationToken);
        }

        await using var sqlite = await SqliteReadingStore.OpenAsync(database.ConnectionString, cancellationToken);
        await using var sqliteCommand = sqlite.CreateCommand();
        sqliteCommand.CommandText = (Select(string.Empty) + Where).Replace("@since", "$since", StringComparison.Ordinal);
        sqliteCommand.Parameters.Add("$since", SqliteType.Text).Value = sinceUtc;
        return await ReadAllAsync(sqliteCommand, cancellationToken);
    }

    private static string Select(string schema) => $"""
        SELECT d.id, d.organisation_id, d.site_id, s.district_id, s.town_id, d.name, d.kind, d.is_demo, d.created_at
        FROM {schema}platform_devices d JOIN {schema}platform_sites s ON s.id = d.site_id

        """;

    private static string Sql(string schema) => Select(schema) + "WHERE d.id = @id";

    private static async Task<PlatformDevice?> ReadAsync(DbCommand command, CancellationToken cancellationToken) =>
        (await ReadAllAsync(command, cancellationToken)).Select(r => r.Device).FirstOrDefault();

    private static async Task<List<(PlatformDevice Device, DateTime CreatedAt)>> ReadAllAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var result = new List<(PlatformDevice, DateTime)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add((new PlatformDevice(
                reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2),
                reader.IsDBNull(3) ? null : reader.GetGuid(3),
                reader.IsDBNull(4) ? null : reader.GetGuid(4),
                reader.GetString(5), reader.GetString(6), reader.GetBoolean(7)),
                DateTime.SpecifyKind(reader.GetDateTime(8), DateTimeKind.Utc)));
        }

        return result;
    }
}
