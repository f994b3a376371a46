using System.Text.Json;
using GreenIsland.SharedKernel.Results;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Host.Infrastructure;

/// <summary>
/// The one place exceptions become ProblemDetails: unreadable bodies and wrong types become 400 with field errors,
/// oversize bodies 413 with a field error on "body", anti-forgery failures 400, domain rule violations and unique-key races 409. Anything else is a
/// 500 without internals.
/// </summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problemDetails, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails problem;
        switch (exception)
        {
            case RequestBodyTooLargeException tooLarge:
                problem = TooLarge(tooLarge.Message);
                break;
            case BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge:
                problem = TooLarge(bad.Message);
                break;
            case BadHttpRequestException bad when bad.InnerException is JsonException json && IsConversionError(json):
                problem = Validation("A field has the wrong type or format.", FieldOf(json.Path), $"The value at {json.Path} has the wrong type or format.");
                break;
            case BadHttpRequestException bad when bad.InnerException is JsonException json:
                problem = Validation("The request body is not well-formed JSON.", "body",
                    $"The body is not well-formed JSON (line {json.LineNumber + 1}, byte {json.BytePositionInLine + 1}).");
                break;
            case BadHttpRequestException { InnerException: BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } inner }:
                problem = TooLarge(inner.Message);
                break;
            case BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status400BadRequest:
                problem = Validation("The request is invalid.", FieldOf(bad.Message), bad.Message);
                break;
            case BadHttpRequestException bad:
                problem = new ProblemDetails { Status = bad.StatusCode, Title = "The request could not be processed.", Detail = bad.Message };
                break;
            case AntiforgeryValidationException antiforgery:
                problem = new ProblemDetails { Status = StatusCodes.Status400BadRequest, Title = "AntiforgeryTokenInvalid", Detail = antiforgery.Message };
                break;
            case DomainRuleViolationException rule:
                problem = new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = rule.Rule, Detail = rule.Message };
                break;
            case DbUpdateException update when IsUniqueViolation(update):
                problem = new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "Conflict", Detail = "The change conflicts with existing data; reload and try again." };
                break;
            case OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested:
                return true;
            default:
                LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
                problem = new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = "An unexpected error occurred." };
                break;
        }

        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static HttpValidationProblemDetails Validation(string title, string field, string reason) =>
        new(new Dictionary<string, string[]> { [field] = [reason] }) { Status = StatusCodes.Status400BadRequest, Title = title };

    private static HttpValidationProblemDetails TooLarge(string reason) =>
        new(new Dictionary<string, string[]> { ["body"] = [reason] }) { Status = StatusCodes.Status413PayloadTooLarge, Title = "The request body is too large." };

    /// <summary>"$.site.latitude" becomes "site.latitude"; the whole body is "body".</summary>
    private static string FieldOf(string? pathOrMessage)
    {
        if (string.IsNullOrEmpty(pathOrMessage) || pathOrMessage == "$" || !pathOrMessage.StartsWith("$.", StringComparison.Ordinal))
        {
            // Query and route binding failures name the parameter: Failed to bind parameter "int page" from "abc".
            var start = pathOrMessage?.IndexOf('"', StringComparison.Ordinal) ?? -1;
            var end = start >= 0 ? pathOrMessage!.IndexOf('"', start + 1) : -1;
            if (start >= 0 && end > start)
            {
                var declaration = pathOrMessage![(start + 1)..end];
                var space = declaration.LastIndexOf(' ');
                return space >= 0 ? declaration[(space + 1)..] : declaration;
            }

            return "body";
        }

        var field = pathOrMessage[2..];
        return field.Length == 0 ? "body" : char.ToLowerInvariant(field[0]) + field[1..];
    }

    // Syntax errors come from the reader; type errors from converters, which say what they could not convert to.
    private static bool IsConversionError(JsonException json) =>
        json.Path is { Length: > 2 } && json.Message.Contains("could not be converted", StringComparison.Ordinal);

    private static bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException?.GetType().Name switch
        {
            "PostgresException" => exception.InnerException.Data["SqlState"] as string == "23505"
                                   || exception.InnerException.Message.Contains("23505", StringComparison.Ordinal),
            "SqliteException" => exception.InnerException.Message.Contains("UNIQUE constraint failed", StringComparison.Ordinal),
            _ => false,
        };

    [LoggerMessage(EventId = 5000, Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
