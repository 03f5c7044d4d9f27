namespace Nines.Events.Wal;

/// <summary>A WAL record waiting in the inserter: when it was taken and how many rows of each signal it holds.</summary>
internal readonly record struct PendingRecord(WalRecord Record, long TakenAt, int Spans, int Logs);
