using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GreenIsland.Platform.Ledger;

/// <summary>
/// hash = SHA-256( UTF-8(previousHash hex) || UTF-8(canonical JSON of the entry) ), lower-case hex. The canonical
/// JSON is an object with the keys sorted ordinally, no insignificant whitespace, numbers as written, and the
/// instant formatted as <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c>.
/// </summary>
internal static class LedgerHashing
{
    public static readonly string GenesisHash = new('0', LedgerEntry.HashLength);

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    public static DateTime Normalise(DateTime instant)
    {
        var utc = instant.Kind == DateTimeKind.Local ? instant.ToUniversalTime() : DateTime.SpecifyKind(instant, DateTimeKind.Utc);
        return new DateTime(utc.Ticks - (utc.Ticks % 10), DateTimeKind.Utc);
    }

    public static string FormatInstant(DateTime instant) =>
        Normalise(instant).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public static string ComputeHash(LedgerEntry entry)
    {
        var document = new JsonObject
        {
            ["actor"] = entry.Actor,
            ["occurredAt"] = FormatInstant(entry.OccurredAt),
            ["organisationId"] = entry.OrganisationId?.Value.ToString("D"),
            ["payload"] = JsonNode.Parse(entry.Payload),
            ["sequence"] = entry.Sequence,
            ["stream"] = entry.Stream,
            ["type"] = entry.Type,
        };
        var canonical = Canonicalise(document);
        var bytes = Encoding.UTF8.GetBytes(entry.PreviousHash + canonical);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    public static string Canonicalise(JsonNode? node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, node);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    Write(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}
