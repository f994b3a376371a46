namespace GreenIsland.SharedKernel.Results;

/// <summary>
/// Collects validation failures per field (camelCase field names, as clients send them) so a request can be
/// rejected as a whole with every reason at once.
/// </summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    /// <summary>Whether any error was recorded.</summary>
    public bool Any => _errors.Count > 0;

    /// <summary>Records a failure.</summary>
    /// <param name="field">The field name.</param>
    /// <param name="reason">A sentence a user can act on.</param>
    /// <returns>This instance.</returns>
    public FieldErrors Add(string field, string reason)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            list = [];
            _errors[field] = list;
        }

        list.Add(reason);
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
            return Add(field, "This field is required.");
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
            Add(field, $"At most {maxLength} characters are allowed.");
        }

        return this;
    }

    /// <summary>The errors in the shape of <c>ValidationProblemDetails.Errors</c>.</summary>
    /// <returns>Field name to reasons.</returns>
    public Dictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
}
