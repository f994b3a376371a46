namespace GreenIsland.Waste.Domain.Manifests;

/// <summary>What a new manifest line carries (weights already validated, in grams).</summary>
internal sealed record ManifestLineDraft(
    string WasteCode,
    string WasteName,
    string Category,
    string Characteristics,
    string PhysicalForm,
    string Packaging,
    int ContainerCount,
    long QuantityGrams,
    bool Measured);

/// <summary>
/// One waste on a manifest: code, name, characteristics, form, packaging, container count and the shipped quantity,
/// marked measured (weighed at pickup) or estimated; then what the receiver weighed and accepted.
/// </summary>
internal sealed class ManifestLine
{
    public const int TextMaxLength = 200;

    private ManifestLine()
    {
        WasteCode = WasteName = Category = Characteristics = PhysicalForm = Packaging = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid ManifestId { get; private set; }

    public int LineNo { get; private set; }

    public string WasteCode { get; private set; }

    public string WasteName { get; private set; }

    public string Category { get; private set; }

    public string Characteristics { get; private set; }

    public string PhysicalForm { get; private set; }

    public string Packaging { get; private set; }

    public int ContainerCount { get; private set; }

    public long QuantityG { get; private set; }

    public bool Measured { get; private set; }

    public long? ReceivedQuantityG { get; private set; }

    public long? AcceptedQuantityG { get; private set; }

    /// <summary>|received - shipped| / shipped in percent, once received.</summary>
    public decimal? DeviationPercent { get; private set; }

    public bool Discrepancy { get; private set; }

    internal static ManifestLine Create(Guid manifestId, int lineNo, ManifestLineDraft draft)
    {
        if (draft.QuantityGrams <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(draft), "Line quantities are positive.");
        }

        if (draft.ContainerCount < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(draft), "Container counts are not negative.");
        }

        return new ManifestLine
        {
            Id = Guid.CreateVersion7(),
            ManifestId = manifestId,
            LineNo = lineNo,
            WasteCode = draft.WasteCode,
            WasteName = draft.WasteName,
            Category = draft.Category,
            Characteristics = draft.Characteristics,
            PhysicalForm = draft.PhysicalForm,
            Packaging = draft.Packaging,
            ContainerCount = draft.ContainerCount,
            QuantityG = draft.QuantityGrams,
            Measured = draft.Measured,
        };
    }

    internal void Receive(long receivedGrams, WeightTolerance tolerance)
    {
        ReceivedQuantityG = receivedGrams;
        DeviationPercent = WeightTolerance.DeviationPercent(QuantityG, receivedGrams);
        Discrepancy = tolerance.IsDiscrepancy(QuantityG, receivedGrams);
    }

    internal void Accept(long acceptedGrams) => AcceptedQuantityG = acceptedGrams;

    internal void Correct(long quantityGrams, long? receivedGrams, WeightTolerance tolerance)
    {
        QuantityG = quantityGrams;
        Measured = true;
        if ((receivedGrams ?? ReceivedQuantityG) is { } r)
        {
            Receive(r, tolerance);
        }
    }
}
