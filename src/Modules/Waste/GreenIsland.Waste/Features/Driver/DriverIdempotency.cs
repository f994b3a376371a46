using System.Text.Json;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.SharedKernel.Results;
using GreenIsland.Waste.Persistence;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Waste.Features.Driver;

/// <summary>
/// The result of a driver action: a status and a JSON body (stored for replays when it succeeded). A refusal normally
/// rolls back; <paramref name="CommitRefusal"/> keeps what the refusal itself recorded (a wrong security code counted
/// towards the lock), still without storing the refusal for replays.
/// </summary>
internal sealed record ActionOutcome(int StatusCode, object Body, bool CommitRefusal = false)
{
    public bool Succeeded => StatusCode is >= 200 and < 300;
}

/// <summary>
/// Client idempotency for driver actions, so a phone can queue actions offline and replay them: the
/// <c>Idempotency-Key</c> header names the action; the first successful result is stored with the change in the same
/// transaction, and a replay by the same user returns it unchanged. Refusals are not stored (they changed nothing
/// but a wrong security code's count, so trying again is safe). The same key reused for another action is refused.
/// </summary>
internal static class DriverIdempotency
{
    public const string Header = "Idempotency-Key";

    public static async Task<IResult> RunAsync(HttpContext http, WasteDbContext db, IActorContext actors, TimeProvider clock, string action,
        Func<Task<ActionOutcome>> apply, CancellationToken cancellationToken)
    {
        var key = http.Request.Headers[Header].ToString().Trim();
        if (key.Length is 0 or > DriverAction.KeyMaxLength)
        {
            return WasteProblems.Validation(
                new FieldErrors().Add(Header, $"Send an {Header} header (1-{DriverAction.KeyMaxLength} characters) with every driver action, the same on every retry.", "IdempotencyKeyMissing"));
        }

        var userId = actors.Current.ActorId;
        var previous = await db.Set<DriverAction>().AsNoTracking().SingleOrDefaultAsync(a => a.UserId == userId && a.Key == key, cancellationToken);
        if (previous is not null)
        {
            return previous.Action == action
                ? Replay(previous)
                : WasteProblems.Validation(
                    new FieldErrors().Add(Header, $"This key was already used for another action ({previous.Action}); use a new key for a new action.", "IdempotencyKeyReused"));
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        ActionOutcome outcome;
        try
        {
            outcome = await apply();
        }
        catch (DomainRuleViolationException rule)
        {
            return TypedResults.Problem(rule.Message, statusCode: StatusCodes.Status409Conflict, title: rule.Rule);
        }

        if (!outcome.Succeeded)
        {
            if (outcome.CommitRefusal)
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            return Result(outcome.StatusCode, JsonSerializer.Serialize(outcome.Body, JsonSerializerOptions.Web));
        }

        var json = JsonSerializer.Serialize(outcome.Body, JsonSerializerOptions.Web);
        db.Add(DriverAction.Record(userId, key, action, outcome.StatusCode, json, clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Result(outcome.StatusCode, json);
    }

    private static IResult Replay(DriverAction previous)
    {
        return new ReplayResult(previous.StatusCode, previous.ResponseJson);
    }

    private static IResult Result(int status, string json) => new ReplayResult(status, json, replayed: false);

    private sealed class ReplayResult(int status, string json, bool replayed = true) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            if (replayed)
            {
                httpContext.Response.Headers["Idempotent-Replayed"] = "true";
            }

            httpContext.Response.ContentType = status >= 400 ? "application/problem+json" : "application/json; charset=utf-8";
            await httpContext.Response.WriteAsync(json, httpContext.RequestAborted);
        }
    }
}
