using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Nines.Events;

/// <summary>Registers the events store with the host.</summary>
public static class EventsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="EventStore"/> over <paramref name="directory"/> and a hosted service that
    /// opens it (replaying its WAL) at start and flushes and closes it at stop.
    /// </summary>
    public static IServiceCollection AddNinesEvents(this IServiceCollection services, string directory, EventsOptions? options = null)
    {
        services.AddSingleton(sp => new EventStore(
            directory, options, sp.GetService<TimeProvider>() ?? TimeProvider.System, sp.GetService<ILoggerFactory>()));
        services.AddHostedService<EventStoreService>();
        return services;
    }
}
