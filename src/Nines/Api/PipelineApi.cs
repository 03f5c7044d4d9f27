using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using Nines.Configuration;
using Nines.Core.Security;
using Nines.Ingest.Pipeline;

namespace Nines.Api;

/// <summary>
/// <c>GET /api/nines/v1/pipeline</c>: the ingest pipeline's effective configuration (redaction,
/// head, tail and log sampling) and what it did since start — redactions per rule (over all
/// tenants), and the caller's tenant's drops per signal and reason and tail sampling decisions.
/// The content is <see cref="PipelineReport"/>, which the UI's pipeline page shows too.
/// </summary>
internal static class PipelineApi
{
    public static void MapPipeline(this RouteGroupBuilder api) =>
        api.MapGet("/pipeline", GetPipeline).RequireAuthorization(NinesPolicies.Viewer)
            .Produces<PipelineReport>()
            .WithSummary("The ingest pipeline's configuration and counters (redactions, sampling drops) for the tenant");

    // The API's JSON (web defaults, snake_case) with durations written as in nines.yaml (10s, 1h30m), not as TimeSpan's 00:00:10.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new DurationConverter() },
    };

    private static IResult GetPipeline(ClaimsPrincipal user, IIngestPipelineStatus status) =>
        Results.Json(PipelineReport.Describe(status, user.GetTenant()!), Json);

    private sealed class DurationConverter : JsonConverter<TimeSpan>
    {
        public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Durations.TryParse(reader.GetString(), out var value, out var error) ? value : throw new JsonException(error);

        public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Durations.Format(value));
    }
}
