using System.Globalization;
using System.Text;
using System.Xml;

namespace GreenIsland.Carbon.Domain.Cbam;

internal sealed record CbamAddress(string Country, string City, string? SubDivision = null, string? Street = null, string? Number = null, string? Postcode = null, string? UnLocode = null);

internal sealed record CbamParty(string IdentificationNumber, string Name, CbamAddress Address);

internal sealed record CbamContact(string Name, string Phone, string Email);

/// <summary>An installation (outside the EU) where goods are produced, with its operator.</summary>
internal sealed record CbamInstallation(string InstallationId, string Name, string? EconomicActivity, CbamAddress Address, CbamParty Operator, CbamContact Contact);

/// <summary>
/// Codes of the Commission's CBAM code lists, passed through as given (the writer checks only the schema's formats):
/// determination types, reporting methodology, electricity source and factor source, production method.
/// </summary>
internal sealed record CbamCodes(
    string DirectDeterminationType,
    string ReportingMethodologyType,
    string IndirectDeterminationType,
    string ElectricitySource,
    string ElectricityFactorSource,
    string ProductionMethodId,
    string ProductionMethodName,
    string RequestedProcedure,
    string ImportArea);

/// <summary>One imported good of the report: what, from where, how much, and the installation's production data.</summary>
internal sealed record CbamReportedGood(
    string CnCode,
    string Description,
    string OriginCountry,
    decimal ImportedNetMassTonnes,
    CbamInstallation Installation,
    CbamProduction Production,
    CbamCodes Codes);

internal sealed record CbamSignature(DateOnly Date, string Place, string Signatory, string Position);

/// <summary>A transitional-period CBAM quarterly report (schema QReport v17.00).</summary>
internal sealed record CbamQuarterlyReport(
    DateTime SubmittedAtUtc,
    string DraftReportId,
    int Quarter,
    int Year,
    CbamParty Declarant,
    string DeclarantRole,
    string CompetentAuthorityReference,
    CbamSignature Signature,
    CbamUnits Units,
    IReadOnlyList<CbamReportedGood> Goods);

/// <summary>
/// Writes the quarterly report XML in the schema's element order. Emission values follow the rounding rule of
/// <see cref="CbamCalculator"/>; masses are in tonnes with up to 6 decimals (dec16-6).
/// </summary>
internal static class CbamQuarterlyReportWriter
{
    public const string Namespace = "http://xmlns.ec.eu/BusinessObjects/CBAM/Types/V1";
    public static string Write(CbamQuarterlyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var units = report.Units;
        var goods = report.Goods.Select(g => (Good: g, See: CbamCalculator.Calculate(g.Production))).ToList();
        var totalEmissions = goods.Sum(g => CbamCalculator.EmbeddedEmissions(g.See.Total, g.Good.ImportedNetMassTonnes));

        var sb = new StringBuilder();
        using (var w = XmlWriter.Create(sb, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = false, Encoding = Encoding.UTF8 }))
        {
            w.WriteStartDocument();
            w.WriteStartElement("QReport", Namespace);
            E(w, "SubmissionDate", report.SubmittedAtUtc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            E(w, "DraftReportId", report.DraftReportId);
            E(w, "ReportingPeriod", "Q" + report.Quarter.ToString(CultureInfo.InvariantCulture));
            E(w, "Year", report.Year.ToString(CultureInfo.InvariantCulture));
            E(w, "TotalImported", report.Goods.Count.ToString(CultureInfo.InvariantCulture));
            E(w, "TotalEmissions", Dec(totalEmissions, CbamCalculator.EmissionDecimals));

            w.WriteStartElement("Declarant");
            E(w, "IdentificationNumber", report.Declarant.IdentificationNumber);
            E(w, "Name", report.Declarant.Name);
            E(w, "Role", report.DeclarantRole);
            Address(w, "ActorAddress", report.Declarant.Address, cityRequired: true);
            w.WriteEndElement();

            w.WriteStartElement("NationalCompetentAuth");
            E(w, "ReferenceNumber", report.CompetentAuthorityReference);
            w.WriteEndElement();

            w.WriteStartElement("Signatures");
            w.WriteStartElement("ReportConfirmation");
            E(w, "GlobalDataConfirmation", "true");
            E(w, "UseOfDataConfirmation", "true");
            E(w, "SignatureDate", report.Signature.Date.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
            E(w, "SignaturePlace", report.Signature.Place);
            E(w, "Signature", report.Signature.Signatory);
            E(w, "PositionOfPersonSending", report.Signature.Position);
            w.WriteEndElement();
            w.WriteEndElement();

            var item = 0;
            foreach (var (good, see) in goods)
            {
                item++;
                WriteGood(w, item, good, see, units);
            }

            w.WriteEndElement();
            w.WriteEndDocument();
        }

        // StringBuilder output declares utf-16; the document is exchanged as UTF-8.
        return sb.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
    }

    private static void WriteGood(XmlWriter w, int item, CbamReportedGood good, SpecificEmbeddedEmissions see, CbamUnits units)
    {
        var p = good.Production;
        var directTotal = CbamCalculator.EmbeddedEmissions(see.Direct, good.ImportedNetMassTonnes);
        var indirectTotal = CbamCalculator.EmbeddedEmissions(see.Indirect, good.ImportedNetMassTonnes);
        w.WriteStartElement("ImportedGood");
        E(w, "ItemNumber", item.ToString(CultureInfo.InvariantCulture));
        w.WriteStartElement("CommodityCode");
        E(w, "HsCode", good.CnCode[..6]);
        E(w, "CnCode", good.CnCode[6..8]);
        w.WriteStartElement("CommodityDetails");
        E(w, "Description", good.Description);
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteStartElement("OriginCountry");
        E(w, "Country", good.OriginCountry);
        w.WriteEndElement();

        w.WriteStartElement("ImportedQuantity");
        E(w, "SequenceNumber", "1");
        w.WriteStartElement("Procedure");
        E(w, "RequestedProc", good.Codes.RequestedProcedure);
        w.WriteEndElement();
        w.WriteStartElement("ImportArea");
        E(w, "ImportArea", good.Codes.ImportArea);
        w.WriteEndElement();
        w.WriteStartElement("MeasureProcedureImported");
        E(w, "Indicator", "0");
        E(w, "NetMass", Dec(good.ImportedNetMassTonnes, 6));
        E(w, "MeasurementUnit", units.Tonnes);
        w.WriteEndElement();
        w.WriteEndElement();

        Measure(w, "MeasureImported", good.ImportedNetMassTonnes, units.Tonnes);

        w.WriteStartElement("TotalEmissions");
        E(w, "EmissionsPerUnit", Dec(see.Total, CbamCalculator.EmissionDecimals));
        E(w, "OverallEmissions", Dec(directTotal + indirectTotal, CbamCalculator.EmissionDecimals));
        E(w, "TotalDirect", Dec(directTotal, CbamCalculator.EmissionDecimals));
        E(w, "TotalIndirect", Dec(indirectTotal, CbamCalculator.EmissionDecimals));
        E(w, "MeasurementUnit", units.Co2e);
        w.WriteEndElement();

        w.WriteStartElement("GoodsEmissions");
        E(w, "SequenceNumber", "1");
        E(w, "ProductionCountry", good.Installation.Address.Country);
        w.WriteStartElement("InstallationOperator");
        E(w, "OperatorId", good.Installation.Operator.IdentificationNumber);
        E(w, "OperatorName", good.Installation.Operator.Name);
        Address(w, "OperatorAddress", good.Installation.Operator.Address, cityRequired: true);
        w.WriteStartElement("ContactDetails");
        E(w, "Name", good.Installation.Contact.Name);
        E(w, "Phone", good.Installation.Contact.Phone);
        E(w, "Email", good.Installation.Contact.Email);
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteStartElement("Installation");
        E(w, "InstallationId", good.Installation.InstallationId);
        E(w, "InstallationName", good.Installation.Name);
        if (good.Installation.EconomicActivity is { Length: > 0 } activity)
        {
            E(w, "EconomicActivity", activity);
        }

        w.WriteStartElement("Address");
        E(w, "EstablishmentCountry", good.Installation.Address.Country);
        Optional(w, "SubDivision", good.Installation.Address.SubDivision);
        Optional(w, "City", good.Installation.Address.City);
        Optional(w, "Street", good.Installation.Address.Street);
        Optional(w, "Number", good.Installation.Address.Number);
        Optional(w, "Postcode", good.Installation.Address.Postcode);
        Optional(w, "UNLOCODE", good.Installation.Address.UnLocode);
        w.WriteEndElement();
        w.WriteEndElement();

        Measure(w, "ProducedMeasure", p.ActivityLevelTonnes, units.Tonnes);

        var attributedIndirect = CbamCalculator.Round(p.ElectricityConsumedMwh * p.ElectricityFactor.Tco2PerMwh, CbamCalculator.EmissionDecimals);
        var attributedDirect = CbamCalculator.Round(p.AttributedDirectTco2e, CbamCalculator.EmissionDecimals);
        w.WriteStartElement("InstallationEmissions");
        E(w, "OverallEmissions", Dec(attributedDirect + attributedIndirect, CbamCalculator.EmissionDecimals));
        E(w, "TotalDirect", Dec(attributedDirect, CbamCalculator.EmissionDecimals));
        E(w, "TotalIndirect", Dec(attributedIndirect, CbamCalculator.EmissionDecimals));
        E(w, "MeasurementUnit", units.Co2e);
        w.WriteEndElement();

        w.WriteStartElement("DirectEmissions");
        E(w, "DeterminationType", good.Codes.DirectDeterminationType);
        E(w, "ApplicableReportingTypeMethodology", good.Codes.ReportingMethodologyType);
        E(w, "SpecificEmbeddedEmissions", Dec(see.Direct, CbamCalculator.EmissionDecimals));
        E(w, "MeasurementUnit", units.Co2ePerTonne);
        w.WriteEndElement();

        w.WriteStartElement("IndirectEmissions");
        E(w, "DeterminationType", good.Codes.IndirectDeterminationType);
        E(w, "EmissionFactorSource", good.Codes.ElectricityFactorSource);
        E(w, "EmissionFactor", Dec(CbamCalculator.Round(p.ElectricityFactor.Tco2PerMwh, CbamCalculator.EmissionDecimals), CbamCalculator.EmissionDecimals));
        E(w, "SpecificEmbeddedEmissions", Dec(see.Indirect, CbamCalculator.EmissionDecimals));
        E(w, "MeasurementUnit", units.Co2ePerTonne);
        E(w, "ElectricityConsumed", Dec(CbamCalculator.Round(p.ElectricityConsumedMwh / p.ActivityLevelTonnes, CbamCalculator.ElectricityDecimals), CbamCalculator.ElectricityDecimals));
        E(w, "ElectricitySource", good.Codes.ElectricitySource);
        E(w, "EmissionFactorSourceValue", Truncate(p.ElectricityFactor.SourceDescription, 512));
        w.WriteEndElement();

        w.WriteStartElement("ProdMethodQualifyingParams");
        E(w, "SequenceNumber", "1");
        E(w, "MethodId", good.Codes.ProductionMethodId);
        E(w, "MethodName", good.Codes.ProductionMethodName);
        w.WriteEndElement();

        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static void Measure(XmlWriter w, string name, decimal tonnes, string unit)
    {
        w.WriteStartElement(name);
        E(w, "NetMass", Dec(tonnes, 6));
        E(w, "MeasurementUnit", unit);
        w.WriteEndElement();
    }

    private static void Address(XmlWriter w, string name, CbamAddress address, bool cityRequired)
    {
        w.WriteStartElement(name);
        E(w, "Country", address.Country);
        Optional(w, "SubDivision", address.SubDivision);
        if (cityRequired)
        {
            E(w, "City", address.City);
        }

        Optional(w, "Street", address.Street);
        Optional(w, "Number", address.Number);
        Optional(w, "Postcode", address.Postcode);
        w.WriteEndElement();
    }

    private static void E(XmlWriter w, string name, string value) => w.WriteElementString(name, Namespace, value);

    private static void Optional(XmlWriter w, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            E(w, name, value);
        }
    }

    /// <summary>Fixed-point with at most <paramref name="decimals"/> places, no exponent, invariant culture.</summary>
    private static string Dec(decimal value, int decimals) =>
        CbamCalculator.Round(value, decimals).ToString("0." + new string('#', decimals), CultureInfo.InvariantCulture);

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}

/// <summary>
/// Measurement unit codes written in the report. They come from the Commission's code lists and are given by the
/// caller (like <see cref="CbamCodes"/>), because this schema constrains only their length (an..5).
/// </summary>
internal sealed record CbamUnits(string Tonnes, string Co2e, string Co2ePerTonne);
