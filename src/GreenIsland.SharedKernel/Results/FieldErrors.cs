namespace GreenIsland.SharedKernel.Results;

/// <summary>
/// Collects validation failures per field (camelCase field names, as clients send them) so a request can be
/// rejected as a whole with every reason at once. A reason may carry a stable code (e.g. <c>Required</c>) so a client
/// can word it in the user's language; the sentence stays for everyone else.
/// </summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<(string Reason, string? Code)>> _errors = new(StringComparer.Ordinal);

    /// <summary>Whether any error was recorded.</summary>
    public bool Any => _errors.Count > 0;

    /// <summary>Records a failure.</summary>
    /// <param name="field">The field name.</param>
    /// <param name="reason">A sentence a user can act on.</param>
    /// <returns>This instance.</returns>
    public FieldErrors Add(string field, string reason) => Add(field, reason, null);

    /// <summary>Records a failure with a machine-readable reason code.</summary>
    /// <param name="field">The field name.</param>
    /// <param name="reason">A sentence a user can act on.</param>
    /// <param name="code">The reason's stable code (PascalCase, e.g. <c>WeightInvalid</c>), or null.</param>
    /// <returns>This instance.</returns>
    public FieldErrors Add(string field, string reason, string? code)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            list = [];
            _errors[field] = list;
        }

        list.Add((reason, code));
        return this;
    }

    /// <summary>Records a failure when <paramref name="value"/> is null or whitespace.</summary>
    /// <param name="field">The field name.</param>
    /// <param name="value">The value.</param>
    /// <param name="maxLength">The maximum length allowed.</param>
    /// <returns>This instance.</returns>
    public FieldErrors Required(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Add(field, "This field is required.", "Required");
        }

        return MaxLength(field, value, maxLength);
    }

    /// <summary>Records a failure when <paramref name="value"/> is longer than <paramref name="maxLength"/>.</summary>
    /// <param name="field">The field name.</param>
    /// <param name="value">The value (may be null).</param>
    /// <param name="maxLength">The maximum length allowed.</param>
    /// <returns>This instance.</returns>
    public FieldErrors MaxLength(string field, string? value, int maxLength)
    {
        if (value is not null && value.Trim().Length > maxLength)
        {
            Add(field, $"At most {maxLength} characters are allowed.", "TooLong");
        }

        return this;
    }

    /// <summary>The errors in the shape of <c>ValidationProblemDetails.Errors</c>.</summary>
    /// <returns>Field name to reasons.</returns>
    public Dictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(kv => kv.Key, kv => kv.Value.Select(e => e.Reason).ToArray(), StringComparer.Ordinal);

    /// <summary>
    /// The reason codes of the fields that have any, index-aligned with <see cref="ToDictionary"/> (null where a
    /// reason has no code); null when no reason has a code.
    /// </summary>
    /// <returns>Field name to reason codes, or null.</returns>
    public Dictionary<string, string?[]>? ToCodeDictionary()
    {
        var coded = _errors.Where(kv => kv.Value.Any(e => e.Code is not null))
            .ToDictionary(kv => kv.Key, kv => kv.Value.Select(e => e.Code).ToArray(), StringComparer.Ordinal);
        return coded.Count == 0 ? null : coded;
    }
}
