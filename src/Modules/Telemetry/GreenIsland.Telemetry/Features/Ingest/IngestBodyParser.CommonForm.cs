using System.Buffers.Text;
using System.Text.Json;
using GreenIsland.Telemetry.Domain;

namespace GreenIsland.Telemetry.Features.Ingest;

/// <summary>
/// The fast path: the form every client of the ingest endpoint sends, scanned directly, without a tokenizer.
/// </summary>
internal static partial class IngestBodyParser
{
    // 10^0 .. 10^22: every one is exactly representable as a double.
    private static ReadOnlySpan<double> PowersOfTen =>
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    ];

    /// <summary>
    /// Reads a body of exactly the common form, or returns null (having allocated nothing that outlives the call)
    /// for anything else, valid or not, which <see cref="ParseAnyForm"/> then reads or rejects with its own message.
    /// The common form: <c>{"readings":[...]}</c> with JSON whitespace anywhere, each element an object whose members
    /// are spelt exactly <c>deviceId</c>, <c>metric</c>, <c>ts</c>, <c>value</c>, <c>unit</c> or <c>seq</c> (any order,
    /// a repeated one: the last wins), strings without escapes, numbers for <c>value</c> and integers for
    /// <c>seq</c>, no nulls. Values come out exactly as <see cref="ParseAnyForm"/> reads them: device ids and
    /// timestamps with <see cref="Utf8JsonReader"/>'s own conversions (once per distinct spelling, as there),
    /// plain decimals of up to 15 digits as one exact division (correctly rounded, like the runtime's parser), other
    /// numbers as <see cref="Utf8JsonReader.TryGetDouble"/> reads them.
    /// </summary>
    internal static ParsedIngestBody? TryParseCommonForm(ReadOnlySpan<byte> body)
    {
        var p = 0;
        if (!Take(body, ref p, (byte)'{') || !Take(body, ref p, (byte)'"') || !TakeName(body, ref p, "readings"u8)
            || !Take(body, ref p, (byte)':') || !Take(body, ref p, (byte)'['))
        {
            return null;
        }

        var result = new Builder();
        result.Start();
        var done = false;
        try
        {
            done = ReadCommonElements(body, ref p, ref result) && Take(body, ref p, (byte)'}') && Next(body, ref p) < 0;
            return done ? result.Build() : null;
        }
        finally
        {
            if (!done)
            {
                result.Reset();
            }
        }
    }

    /// <summary>The catalogue's codes and units as UTF-8 and as strings, by their length in bytes.</summary>
    private static readonly (byte[] Utf8, string Text)[][] KnownStringsByLength = ByLength(
        [.. MetricCatalogue.All.Select(m => m.Code).Concat(MetricCatalogue.All.Select(m => m.Unit)).Distinct()]);

    private static (byte[] Utf8, string Text)[][] ByLength(string[] texts)
    {
        var known = texts.Select(t => (Utf8: System.Text.Encoding.UTF8.GetBytes(t), Text: t)).ToArray();
        return [.. Enumerable.Range(0, known.Max(k => k.Utf8.Length) + 1).Select(n => known.Where(k => k.Utf8.Length == n).ToArray())];
    }

    /// <summary>What the previous readings were spelt like (positions in the body) and read as.</summary>
    private struct Spellings
    {
        public int DeviceAt;
        public int DeviceLength;
        public Guid Device;
        public int TsAt;
        public int TsLength;
        public DateTimeOffset Ts;
        public int MetricAt;
        public int MetricLength;
        public string? Metric;
        public (byte[] Utf8, string Text)[][] Known;
    }

    private static bool ReadCommonElements(ReadOnlySpan<byte> body, ref int p, ref Builder result)
    {
        // Read once per body: with the runtime's full-optimisation JIT (no tiering), a static read inside the loop
        // would stay a helper call.
        var seen = new Spellings { DeviceAt = -1, TsAt = -1, MetricAt = -1, Known = KnownStringsByLength };
        if (Next(body, ref p) == ']')
        {
            p++;
            return true;
        }

        while (true)
        {
            if (!ReadCommonReading(body, ref p, ref result, ref seen))
            {
                return false;
            }

            var c = Next(body, ref p);
            p++;
            if (c == ']')
            {
                return true;
            }

            if (c != ',')
            {
                return false;
            }
        }
    }

    private static bool ReadCommonReading(ReadOnlySpan<byte> body, ref int p, ref Builder result, ref Spellings seen)
    {
        if (!Take(body, ref p, (byte)'{'))
        {
            return false;
        }

        Guid? deviceId = null;
        string? metric = null, unit = null;
        DateTimeOffset? ts = null;
        double? value = null;
        long? seq = null;
        if (Next(body, ref p) == '}')
        {
            p++;
        }
        else
        {
            while (true)
            {
                if (!Take(body, ref p, (byte)'"'))
                {
                    return false;
                }

                var field = CommonMember(body, ref p);
                if (field == Field.Other || !Take(body, ref p, (byte)':'))
                {
                    return false;
                }

                if (field == Field.Value)
                {
                    if (!CommonNumber(body, ref p, out var v))
                    {
                        return false;
                    }

                    value = v;
                }
                else if (field == Field.Seq)
                {
                    if (!CommonInteger(body, ref p, out var s))
                    {
                        return false;
                    }

                    seq = s;
                }
                else
                {
                    if (Next(body, ref p) != '"')
                    {
                        return false;
                    }

                    switch (field)
                    {
                        case Field.DeviceId:
                            if (SameSpelling(body, ref p, seen.DeviceAt, seen.DeviceLength))
                            {
                                deviceId = seen.Device;
                            }
                            else if (StringContent(body, ref p, out var at, out var length)
                                && length == 36 && Utf8Parser.TryParse(body.Slice(at, length), out Guid g, out _, 'D'))
                            {
                                // What Utf8JsonReader.TryGetGuid does with an unescaped string.
                                deviceId = seen.Device = g;
                                (seen.DeviceAt, seen.DeviceLength) = (at, length);
                            }
                            else
                            {
                                return false;
                            }

                            break;
                        case Field.Ts:
                            if (SameSpelling(body, ref p, seen.TsAt, seen.TsLength))
                            {
                                ts = seen.Ts;
                            }
                            else if (StringContent(body, ref p, out var at, out var length) && TryReadTimestamp(body.Slice(at - 1, length + 2), out var t))
                            {
                                ts = seen.Ts = t;
                                (seen.TsAt, seen.TsLength) = (at, length);
                            }
                            else
                            {
                                return false;
                            }

                            break;
                        case Field.Metric:
                            if (SameSpelling(body, ref p, seen.MetricAt, seen.MetricLength))
                            {
                                metric = seen.Metric;
                            }
                            else if (StringContent(body, ref p, out var at, out var length) && CommonText(body.Slice(at, length), seen.Known) is { } text)
                            {
                                metric = seen.Metric = text;
                                (seen.MetricAt, seen.MetricLength) = (at, length);
                            }
                            else
                            {
                                return false;
                            }

                            break;
                        default: // Field.Unit
                            if (!StringContent(body, ref p, out var unitAt, out var unitLength) || CommonText(body.Slice(unitAt, unitLength), seen.Known) is not { } u)
                            {
                                return false;
                            }

                            unit = u;
                            break;
                    }
                }

                var c = Next(body, ref p);
                p++;
                if (c == '}')
                {
                    break;
                }

                if (c != ',')
                {
                    return false;
                }
            }
        }

        result.Add(new IncomingReading(deviceId, metric, ts?.UtcDateTime, value, unit, seq), ts);
        return true;
    }

    /// <summary>
    /// A member name spelt exactly as clients send it (the position is just past its opening quote; afterwards, past
    /// its closing quote); <see cref="Field.Other"/> for any other spelling.
    /// </summary>
    private static Field CommonMember(ReadOnlySpan<byte> body, ref int p)
    {
        if (TakeName(body, ref p, "deviceId"u8))
        {
            return Field.DeviceId;
        }

        if (TakeName(body, ref p, "metric"u8))
        {
            return Field.Metric;
        }

        if (TakeName(body, ref p, "ts"u8))
        {
            return Field.Ts;
        }

        if (TakeName(body, ref p, "value"u8))
        {
            return Field.Value;
        }

        if (TakeName(body, ref p, "unit"u8))
        {
            return Field.Unit;
        }

        return TakeName(body, ref p, "seq"u8) ? Field.Seq : Field.Other;
    }

    /// <summary>The name and its closing quote at the position (advanced past them) or false (position unchanged).</summary>
    private static bool TakeName(ReadOnlySpan<byte> body, ref int p, ReadOnlySpan<byte> name)
    {
        var end = p + name.Length;
        if (end < body.Length && body[end] == '"' && body.Slice(p, name.Length).SequenceEqual(name))
        {
            p = end + 1;
            return true;
        }

        return false;
    }

    /// <summary>Skips JSON whitespace; the next byte, or -1 at the end of the body.</summary>
    private static int Next(ReadOnlySpan<byte> body, ref int p)
    {
        while (p < body.Length)
        {
            var c = body[p];
            if (c is not ((byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
            {
                return c;
            }

            p++;
        }

        return -1;
    }

    /// <summary>Skips JSON whitespace, then the given byte (true) or nothing (false).</summary>
    private static bool Take(ReadOnlySpan<byte> body, ref int p, byte expected)
    {
        if (Next(body, ref p) == expected)
        {
            p++;
            return true;
        }

        return false;
    }

    /// <summary>
    /// Whether the string at the position (its opening quote) is spelt exactly like an earlier one (<paramref name="at"/>:
    /// where that one's content lies, negative for none); if so the position moves past it.
    /// </summary>
    private static bool SameSpelling(ReadOnlySpan<byte> body, ref int p, int at, int length)
    {
        var start = p + 1;
        if (at >= 0 && start + length < body.Length && body[start + length] == '"' && body.Slice(start, length).SequenceEqual(body.Slice(at, length)))
        {
            p = start + length + 1;
            return true;
        }

        return false;
    }

    /// <summary>A string without escapes at the position (its opening quote): where its content lies; the position moves past it.</summary>
    private static bool StringContent(ReadOnlySpan<byte> body, ref int p, out int at, out int length)
    {
        at = p + 1;
        length = body[at..].IndexOfAny((byte)'"', (byte)'\\');
        if (length < 0 || body[at + length] != '"')
        {
            return false;
        }

        p = at + length + 1;
        return true;
    }

    /// <summary>A catalogue code or unit as its interned constant; other printable ASCII as a new string; else null.</summary>
    private static string? CommonText(ReadOnlySpan<byte> content, (byte[] Utf8, string Text)[][] known)
    {
        if (content.Length < known.Length)
        {
            foreach (var (utf8, text) in known[content.Length])
            {
                if (content.SequenceEqual(utf8))
                {
                    return text;
                }
            }
        }

        foreach (var b in content)
        {
            if (b is < 0x20 or > 0x7E)
            {
                return null;
            }
        }

        return System.Text.Encoding.ASCII.GetString(content);
    }

    /// <summary>A quoted timestamp (the token with its quotes), converted exactly as <see cref="ParseAnyForm"/> does.</summary>
    private static bool TryReadTimestamp(ReadOnlySpan<byte> quoted, out DateTimeOffset value)
    {
        value = default;
        try
        {
            var reader = new Utf8JsonReader(quoted);
            return reader.Read() && reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out value);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// A JSON number (<c>-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?</c>) at the position. Up to 15 digits
    /// without an exponent: the digits as an integer (exact below 2^53) divided by a power of ten (exact up to
    /// 10^22), one IEEE division and so correctly rounded, which is what the runtime's parser returns too. Anything
    /// else as <see cref="Utf8JsonReader.TryGetDouble"/> does (the runtime's UTF-8 parser). Negative zero: that too.
    /// </summary>
    internal static bool CommonNumber(ReadOnlySpan<byte> body, ref int p, out double value)
    {
        value = 0;
        Next(body, ref p);
        var start = p;
        var negative = p < body.Length && body[p] == '-';
        if (negative)
        {
            p++;
        }

        ulong digits = 0;
        var count = 0;
        var fraction = 0;
        if (p < body.Length && body[p] == '0')
        {
            p++;
            count = 1;
        }
        else
        {
            while (p < body.Length && IsDigit(body[p]))
            {
                digits = count < 19 ? (digits * 10) + (ulong)(body[p] - '0') : digits;
                count++;
                p++;
            }

            if (count == 0)
            {
                return false;
            }
        }

        if (p < body.Length && body[p] == '.')
        {
            p++;
            while (p < body.Length && IsDigit(body[p]))
            {
                digits = count < 19 ? (digits * 10) + (ulong)(body[p] - '0') : digits;
                count++;
                fraction++;
                p++;
            }

            if (fraction == 0)
            {
                return false;
            }
        }

        var exponent = false;
        if (p < body.Length && (body[p] | 0x20) == 'e')
        {
            exponent = true;
            p++;
            if (p < body.Length && body[p] is (byte)'+' or (byte)'-')
            {
                p++;
            }

            var exponentDigits = 0;
            while (p < body.Length && IsDigit(body[p]))
            {
                exponentDigits++;
                p++;
            }

            if (exponentDigits == 0)
            {
                return false;
            }
        }

        if (!exponent && count <= 15 && !(negative && digits == 0))
        {
            value = digits / PowersOfTen[fraction];
            value = negative ? -value : value;
            return true;
        }

        // What Utf8JsonReader.TryGetDouble does with a number token.
        var token = body[start..p];
        return Utf8Parser.TryParse(token, out value, out var consumed) && consumed == token.Length;
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    /// <summary>A JSON integer of up to 18 digits at the position (what <see cref="Utf8JsonReader.TryGetInt64"/> reads); anything else: false.</summary>
    private static bool CommonInteger(ReadOnlySpan<byte> body, ref int p, out long value)
    {
        value = 0;
        Next(body, ref p);
        var negative = p < body.Length && body[p] == '-';
        if (negative)
        {
            p++;
        }

        var count = 0;
        if (p < body.Length && body[p] == '0')
        {
            p++;
            count = 1;
        }
        else
        {
            while (p < body.Length && IsDigit(body[p]) && count < 18)
            {
                value = (value * 10) + (body[p] - '0');
                count++;
                p++;
            }
        }

        // A fraction, an exponent or a 19th digit: not the common form.
        if (count == 0 || (p < body.Length && (body[p] is (byte)'.' or (byte)'e' or (byte)'E' || IsDigit(body[p]))))
        {
            return false;
        }

        value = negative ? -value : value;
        return true;
    }
}
