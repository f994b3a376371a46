using System.Text;
using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Ledger;
using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Platform.Domain;
using GreenIsland.Platform.Features.Organisations;
using GreenIsland.Platform.Features.Sites;
using GreenIsland.Platform.Features.Users;
using GreenIsland.Platform.Persistence;
using GreenIsland.SharedKernel.Geography;
using GreenIsland.SharedKernel.Organisations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace GreenIsland.Platform.Demo;

internal sealed record DemoSeedResult(bool Seeded, int Towns, int Organisations, int Sites, int Users);

/// <summary>Writes the demo district (see <see cref="DemoDistrict"/>) in one transaction, every row flagged is_demo.</summary>
internal sealed class DemoSeeder(PlatformDbContext db, UserManager<PlatformUser> users, ILedger ledger, TimeProvider clock, ILogger<DemoSeeder> logger)
{
    public async Task<DemoSeedResult> SeedIfEmptyAsync(CancellationToken cancellationToken)
    {
        var existing = await db.Organisations.IgnoreQueryFilters().CountAsync(cancellationToken);
        if (existing > 0)
        {
            PlatformLog.DemoSeedSkipped(logger, existing);
            return new DemoSeedResult(false, 0, 0, 0, 0);
        }

        var data = DemoDistrict.Generate();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var district = Jurisdiction.District(new JurisdictionId(data.DistrictId), DemoDistrict.Code, DemoDistrict.Name, DemoDistrict.NameEn,
            DemoDistrict.Latitude, DemoDistrict.Longitude, isDemo: true);
        var towns = DemoDistrict.Towns
            .Select((t, i) => Jurisdiction.Town(new JurisdictionId(data.TownIds[i]), district, t.Code, t.Name, t.NameEn, t.Latitude, t.Longitude, isDemo: true))
            .ToList();
        db.Jurisdictions.Add(district);
        await db.SaveChangesAsync(cancellationToken);
        db.Jurisdictions.AddRange(towns);

        var organisations = new List<Organisation>();
        foreach (var o in data.Organisations)
        {
            var town = towns[o.TownIndex];
            Jurisdiction? supervised = o.Type == OrganisationType.Regulator ? (o.SupervisesDistrict ? district : town) : null;
            organisations.Add(Organisation.Register(new OrganisationId(o.Id), o.Name, o.Type, UnifiedSocialCreditCode.Parse(o.CreditCode), town, supervised,
                o.ContactName, o.ContactPhone, isDemo: true, now));
        }

        db.Organisations.AddRange(organisations);
        var sites = data.Sites.Select(s =>
        {
            GeoPoint.TryCreate(s.Latitude, s.Longitude, out var location, out _, out _);
            return Site.Open(new SiteId(s.Id), new OrganisationId(s.OrganisationId), s.Name, s.Address, towns[s.TownIndex], location, s.IndustryClassCode,
                isDemo: true, now);
        }).ToList();
        db.Sites.AddRange(sites);
        await db.SaveChangesAsync(cancellationToken);

        await ledger.AppendRangeAsync(db,
        [
            .. organisations.Select(o => new LedgerRecord($"organisation/{o.Id}", "OrganisationRegistered", OrganisationInput.Payload(o), o.Id)),
            .. sites.Select(s => new LedgerRecord($"site/{s.Id}", "SiteOpened", SiteProjection.Payload(s), s.OrganisationId)),
        ], cancellationToken);

        var userRandom = new Random(DemoDistrict.Seed + 1);
        var userCount = 0;
        foreach (var account in DemoDistrict.Accounts)
        {
            var type = PlatformRoles.OrganisationTypeOf(account.Role)!.Value;
            var organisation = organisations.First(o => o.Type == type);
            var idBytes = new byte[16];
            userRandom.NextBytes(idBytes);
            idBytes[6] = (byte)((idBytes[6] & 0x0F) | 0x70);
            idBytes[8] = (byte)((idBytes[8] & 0x3F) | 0x80);
            var user = new PlatformUser
            {
                Id = new Guid(idBytes, bigEndian: true),
                UserName = account.UserName,
                DisplayName = account.DisplayName,
                OrganisationId = organisation.Id,
                IsActive = true,
                IsDemo = true,
                CreatedAt = now,
            };
            Check(await users.CreateAsync(user, DemoDistrict.Password));
            Check(await users.AddToRoleAsync(user, account.Role));
            await ledger.AppendAsync(db, new LedgerRecord($"user/{user.Id}", "UserCreated", UserProjection.Payload(user, [account.Role]), organisation.Id),
                cancellationToken);
            userCount++;
        }

        await transaction.CommitAsync(cancellationToken);
        PlatformLog.DemoSeeded(logger, DemoDistrict.Name, towns.Count, organisations.Count, sites.Count, userCount);
        return new DemoSeedResult(true, towns.Count, organisations.Count, sites.Count, userCount);
    }

    public async Task<string> DescribeAccountsAsync(CancellationToken cancellationToken)
    {
        var names = DemoDistrict.Accounts.Select(a => a.UserName.ToUpperInvariant()).ToList();
        var organisations = await (
                from u in db.Users
                join o in db.Organisations.IgnoreQueryFilters() on u.OrganisationId equals o.Id
                where names.Contains(u.NormalizedUserName!) && u.IsDemo
                select new { u.UserName, o.Name })
            .ToDictionaryAsync(x => x.UserName!, x => x.Name, StringComparer.Ordinal, cancellationToken);
        var table = new StringBuilder();
        table.AppendLine("  user name    role                 organisation");
        table.AppendLine("  -----------  -------------------  ------------------------------");
        foreach (var account in DemoDistrict.Accounts.Where(a => organisations.ContainsKey(a.UserName)))
        {
            table.Append("  ").Append(account.UserName.PadRight(13)).Append(account.Role.PadRight(21)).AppendLine(organisations[account.UserName]);
        }

        return table.ToString();
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Demo account could not be created: " + string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
