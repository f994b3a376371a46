using System.Text.Json.Nodes;
using GreenIsland.Documents.Pdf;
using GreenIsland.Documents.Testing;
using GreenIsland.Waste.Features.Manifests;
using GreenIsland.Waste.Features.Printing;
using Microsoft.Extensions.Configuration;

namespace GreenIsland.Waste.Tests.Logistics;

public sealed class PrintingTests
{
    private static readonly PdfFontSet Fonts = new WasteFonts(new ConfigurationBuilder().Build()).Get();
    private static readonly DateTime Printed = new(2026, 11, 21, 6, 0, 0, DateTimeKind.Utc);

    private static ManifestResponse Manifest(int events = 3, bool discrepancy = false)
    {
        var at = new DateTime(2026, 11, 20, 1, 30, 0, DateTimeKind.Utc);
        return new ManifestResponse(
            Guid.CreateVersion7(), "20263205000017", 2, "Received", Guid.CreateVersion7(),
            new ManifestPartyResponse(Guid.CreateVersion7(), "绿岛精密机械有限公司"), Guid.CreateVersion7(),
            new ManifestPartyResponse(Guid.CreateVersion7(), "绿岛危废收集有限公司"), "苏A·D12345", "JS-WXP-2026-0042",
            new ManifestPartyResponse(Guid.CreateVersion7(), "绿岛环保处置中心"),
            at, at.AddHours(1), "王工", "SecurityCode", at.AddHours(1.5), "李师傅",
            at.AddHours(5), "赵验收", new DateOnly(2026, 11, 27), false, false,
            null, null, null, null, null, null, null, null,
            discrepancy, 5m, 62.5m,
            [
                new ManifestLineResponse(1, "900-214-08", "废矿物油与含矿物油废物", "HW08", "T,I", "液态", "铁桶", 2, 50m, true, 49.5m, null, -1m, false),
                new ManifestLineResponse(2, "900-041-49", "废油漆桶、沾染油漆的抹布手套等含油漆废包装物", "HW49", "T,In", "固态", "吨袋", 1, 12.5m, false, 15m, null, 20m, discrepancy),
            ],
            [
                new ManifestContainerResponse(Guid.CreateVersion7(), "91320999MA1XXXXXX190021408202611200001", 1, 25m, 24.8m),
                new ManifestContainerResponse(Guid.CreateVersion7(), "91320999MA1XXXXXX190021408202611200002", 1, 25m, 24.7m),
                new ManifestContainerResponse(Guid.CreateVersion7(), "91320999MA1XXXXXX190004149202611200001", 2, 12.5m, 15m),
            ],
            Enumerable.Range(1, events).Select(i => new ManifestEventResponse(i, 1 + (i / 40), i == 1 ? "Created" : "Signed", i == 1 ? null : "Draft", "Signed",
                at.AddMinutes(i), $"user:op{i}", (JsonNode?)null, $"操作人{i}")).ToList());
    }

    [Fact]
    public void Manifest_IsAWellFormedA4Pdf_WithPartiesLinesContainersSignaturesAndVersion()
    {
        var pdf = PdfInspector.Read(ManifestPdf.Render(Manifest(), Fonts, Printed));

        var page = Assert.Single(pdf.Pages);
        Assert.Equal((595.28, 841.89), (page.Width, page.Height));
        var text = pdf.AllText;
        foreach (var expected in new[]
                 {
                     "危险废物转移联单", "联单编号 No. 20263205000017    版本 Version 2    状态 Status Received",
                     "绿岛精密机械有限公司", "绿岛危废收集有限公司", "苏A·D12345  /  JS-WXP-2026-0042", "绿岛环保处置中心",
                     "900-214-08", "HW08", "50 实测", "12.5 估算", "49.5", "合计 Total 62.5 kg",
                     "91320999MA1XXXXXX190021408202611200002",
                     // Signatures in China Standard Time (UTC+8).
                     "2026-11-20 10:30  王工 (SecurityCode)", "2026-11-20 11:00  李师傅", "2026-11-20 14:30  赵验收", "2026-11-27",
                     "第 1 / 1 页  Page 1 of 1",
                 })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }

        Assert.Contains("废油漆桶、沾染油漆的抹布手套等含油漆废包装物", text.Replace("\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("重量差异超出容差", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Manifest_WithADiscrepancy_SaysSoAndMarksTheLine()
    {
        var text = PdfInspector.Read(ManifestPdf.Render(Manifest(discrepancy: true), Fonts, Printed)).AllText;

        Assert.Contains("重量差异超出容差 5%", text, StringComparison.Ordinal);
        Assert.Contains("15 ⚠", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Manifest_WithManyTransitions_ContinuesOnNumberedPages_AndKeepsEveryTransition()
    {
        var pdf = PdfInspector.Read(ManifestPdf.Render(Manifest(events: 120), Fonts, Printed));

        Assert.True(pdf.Pages.Count >= 3, $"{pdf.Pages.Count} pages");
        Assert.All(Enumerable.Range(1, 120), i => Assert.Contains($"操作人{i}", pdf.Pages.SelectMany(p => p.Texts)));
        // People are printed by name, not by their audit identity.
        Assert.DoesNotContain(pdf.Pages.SelectMany(p => p.Texts), t => t.Contains("user:op", StringComparison.Ordinal));
        Assert.Contains($"第 {pdf.Pages.Count} / {pdf.Pages.Count} 页", pdf.Pages[^1].Texts[^1], StringComparison.Ordinal);
        // The table header is repeated on the continuation page.
        Assert.Contains("事件 Event", pdf.Pages[1].Texts);
    }
}
