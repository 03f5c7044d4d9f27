namespace Nines.Events;

/// <summary>What opening the store replayed from the events WAL.</summary>
/// <param name="Segments">WAL segments read.</param>
/// <param name="Records">Batches inserted into DuckDB because they were not there yet.</param>
/// <param name="Rows">Spans and log records those batches held.</param>
/// <param name="Duration">Time the replay took.</param>
public sealed record EventsReplayReport(int Segments, long Records, long Rows, TimeSpan Duration);
