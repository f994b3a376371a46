namespace GreenIsland.Waste.Domain.Manifests;

/// <summary>
/// The life of an electronic transfer manifest (电子转移联单), after Trackdéchets' and e-Manifest's states:
/// Draft -> SignedByGenerator -> InTransit -> Received -> Accepted / PartiallyRefused / Refused -> Disposed,
/// plus Cancelled before the waste leaves the generator.
/// </summary>
internal enum ManifestStatus
{
    Draft = 1,
    SignedByGenerator = 2,
    InTransit = 3,
    Received = 4,
    Accepted = 5,
    PartiallyRefused = 6,
    Refused = 7,
    Disposed = 8,
    Cancelled = 9,
}

/// <summary>The receiver's decision on a received manifest.</summary>
internal enum ManifestDecision
{
    Accepted = 1,
    PartiallyRefused = 2,
    Refused = 3,
}

/// <summary>How the generator signed.</summary>
internal enum GeneratorSignatureMethod
{
    /// <summary>The generator's one-time security code typed on the driver's phone.</summary>
    SecurityCode = 1,

    /// <summary>A user of the generator signed in its own account.</summary>
    Account = 2,
}

/// <summary>One transition of a manifest, written to the ledger and to <c>waste_manifest_events</c>.</summary>
internal sealed record ManifestTransition(string Type, ManifestStatus From, ManifestStatus To, DateTime At, string Actor, System.Text.Json.Nodes.JsonObject Payload);
