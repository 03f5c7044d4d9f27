namespace Nines.Events.Storage;

/// <summary>
/// How far one signal (spans or logs) is inserted: every row of that signal in the WAL records up
/// to <see cref="AppliedLsn"/>, and the first <see cref="PartialRows"/> rows of that signal in
/// record <see cref="PartialLsn"/> (0: none). Each signal has its own cursor so each can be
/// inserted in whole DuckDB row groups of its own table while both arrive in the same records.
/// </summary>
internal readonly record struct InsertCursor(long AppliedLsn, long PartialLsn, int PartialRows)
{
    /// <summary>Rows of this signal in record <paramref name="lsn"/> already inserted (read past, not appended again).</summary>
    public int Inserted(long lsn) => lsn == PartialLsn ? PartialRows : 0;
}
